package io.relay4j.simulator.e2e;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.streaming.LlmChunks;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * How a test reaches a simulated vendor: the provider or a router in front of it, whole or streamed. A streamed
 * answer is checked to emit each tool call once and to end with the whole message, then folded into the answer
 * {@code generate} would give, so one assertion covers every path.
 */
enum CallPath {
    PROVIDER_GENERATE, PROVIDER_STREAM, ROUTER_GENERATE, ROUTER_STREAM;

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    LlmResponse call(LlmProvider provider, LlmRouter router, LlmRequest request) {
        return switch (this) {
            case PROVIDER_GENERATE -> provider.generate(request).block(TIMEOUT);
            case ROUTER_GENERATE -> router.generate(request).block(TIMEOUT);
            case PROVIDER_STREAM -> folded(provider.stream(request), provider.name());
            case ROUTER_STREAM -> folded(router.stream(request), provider.name());
        };
    }

    private static LlmResponse folded(Flux<LlmChunk> stream, String providerName) {
        List<LlmChunk> chunks = stream.collectList().block(TIMEOUT);
        ToolTurns.assertEachCallOnce(chunks);
        return LlmChunks.toResponse(Flux.fromIterable(chunks), providerName).block(TIMEOUT);
    }
}
