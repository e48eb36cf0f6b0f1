package io.relay4j.core.internal.stream;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.MalformedResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes sure a provider's stream never completes silently truncated: one that completes without its
 * last chunk (the vendor's finish sign) fails with {@link MalformedResponse}. Providers are bound to do
 * this themselves; the router does not rely on it.
 */
public final class FinishGuard {

    private FinishGuard() {
    }

    /** The stream, failing with {@link MalformedResponse} if it completes before its last chunk. */
    public static Flux<LlmChunk> requireLastChunk(Flux<LlmChunk> providerStream, String provider) {
        return Flux.defer(() -> {
            AtomicBoolean finished = new AtomicBoolean();
            return providerStream
                    .doOnNext(chunk -> {
                        if (chunk.isLast()) {
                            finished.set(true);
                        }
                    })
                    .concatWith(Mono.defer(() -> finished.get() ? Mono.empty()
                            : Mono.error(new MalformedResponse("stream ended without the vendor's finish sign",
                                    ErrorDetails.of(provider)))));
        });
    }
}
