package io.relay4j.benchmarks.router;

import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.ServerError;
import java.time.Duration;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A provider that answers at once, on the caller's thread, with no I/O: whatever a router adds around it is the
 * router's own cost. It either always answers with one prebuilt response (or a two-chunk stream) or always fails with a fresh
 * {@link ServerError} (a real provider builds its error per failure, stack trace included).
 */
public final class InMemoryProvider implements LlmProvider {

    private static final String ANSWER = "Pods that prefer each other's nodes are co-scheduled.";
    private static final String MODEL = "in-memory-model";
    private static final Usage USAGE = Usage.of(12, 9);

    private final String name;
    private final Mono<LlmResponse> answer;
    private final Flux<LlmChunk> chunks;

    private InMemoryProvider(String name, Mono<LlmResponse> answer, Flux<LlmChunk> chunks) {
        this.name = name;
        this.answer = answer;
        this.chunks = chunks;
    }

    /** Answers every request with the same short response. */
    public static InMemoryProvider answering(String name) {
        LlmResponse response = LlmResponse.builder().content(ANSWER).provider(name).model(MODEL).usage(USAGE)
                .latency(Duration.ofMillis(1)).finishReason(FinishReason.STOP).requestId(Optional.of("req_1")).build();
        Flux<LlmChunk> chunks = Flux.just(LlmChunk.text(ANSWER), LlmChunk.last("", FinishReason.STOP, USAGE, MODEL));
        return new InMemoryProvider(name, Mono.just(response), chunks);
    }

    /** Fails every request at once with a 500 server error. */
    public static InMemoryProvider failing(String name) {
        return new InMemoryProvider(name, Mono.error(() -> serverError(name)), Flux.error(() -> serverError(name)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<LlmResponse> generate(LlmRequest request) {
        return answer;
    }

    @Override
    public Flux<LlmChunk> stream(LlmRequest request) {
        return chunks;
    }

    private static ServerError serverError(String provider) {
        return new ServerError("internal error", ErrorDetails.of(provider).withStatus(500));
    }
}
