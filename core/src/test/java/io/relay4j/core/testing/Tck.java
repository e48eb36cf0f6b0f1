package io.relay4j.core.testing;

import org.reactivestreams.tck.TestEnvironment;
import reactor.core.publisher.Flux;

/**
 * The Reactive Streams TCK's environment for relay4j's operator verifications. The publishers under test
 * signal synchronously (their sources emit on request, and timers run on virtual time), so waiting for a
 * signal returns as soon as it arrives: the generous signal timeout only absorbs a loaded machine's pauses,
 * while the no-signal wait, which every "nothing more arrives" check spends in full, stays short.
 */
public final class Tck {

    /** How long the TCK waits for a signal it expects. */
    public static final long SIGNAL_TIMEOUT_MILLIS = 1_000;
    /** How long the TCK watches for a signal that must not come. */
    public static final long NO_SIGNAL_TIMEOUT_MILLIS = 50;
    /** How often the TCK looks again while it waits for a signal in a polling loop. */
    public static final long POLL_TIMEOUT_MILLIS = 10;

    private Tck() {
    }

    public static TestEnvironment environment() {
        return new TestEnvironment(SIGNAL_TIMEOUT_MILLIS, NO_SIGNAL_TIMEOUT_MILLIS, POLL_TIMEOUT_MILLIS);
    }

    /**
     * An upstream for an operator under test: 0, 1, 2, ... up to {@code count} elements, each produced on
     * demand, then completion. Counts up to {@code Long.MAX_VALUE - 1} (the TCK's "unbounded but
     * completing" publisher) cost nothing up front.
     */
    public static Flux<Long> numbers(long count) {
        if (count == 0) {
            return Flux.empty();
        }
        return Flux.generate(() -> 0L, (next, sink) -> {
            sink.next(next);
            if (next + 1 == count) {
                sink.complete();
            }
            return next + 1;
        });
    }
}
