package io.relay4j.core.internal.strategy;

import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Counts one provider's calls in progress, for the least-in-flight strategy. A tracked call counts
 * from its subscription until it completes, fails or is cancelled, exactly once.
 */
public final class InFlightCounter {

    private final AtomicInteger inFlight = new AtomicInteger();

    public int current() {
        return inFlight.get();
    }

    /** The call, counted while it runs. */
    public <T> Mono<T> track(Mono<T> call) {
        return Mono.defer(() -> {
            inFlight.incrementAndGet();
            return call.doFinally(signal -> inFlight.decrementAndGet());
        });
    }

    /** The call, counted while it runs. */
    public <T> Flux<T> track(Flux<T> call) {
        return Flux.defer(() -> {
            inFlight.incrementAndGet();
            return call.doFinally(signal -> inFlight.decrementAndGet());
        });
    }
}
