package io.relay4j.providers.internal.http;

import io.relay4j.core.error.Timeout;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The first-token, idle and total deadlines of a stream, in one timeout operator: before the first element
 * the wait is the shorter of the first-token and the remaining total time, between elements the shorter of
 * the idle and the remaining total time, and the typed {@link Timeout} says which one passed. Timers run on
 * the parallel scheduler, so tests can drive them in virtual time.
 */
final class Deadlines {

    private Deadlines() {
    }

    static <T> Flux<T> stream(Flux<T> elements, ProviderSettings.Timeouts timeouts, CallState state) {
        Scheduler timer = Schedulers.parallel();
        long start = timer.now(TimeUnit.NANOSECONDS);
        return elements.timeout(
                deadline(timeouts.firstToken(), Timeout.Kind.FIRST_TOKEN, timeouts, start, timer, state),
                element -> deadline(timeouts.idle(), Timeout.Kind.IDLE, timeouts, start, timer, state));
    }

    /** A {@code Timeout(TOTAL)} for the call. */
    static Timeout total(CallState state) {
        return new Timeout("the call took longer than its total timeout", state.details(), Timeout.Kind.TOTAL);
    }

    private static Mono<Long> deadline(Duration wait, Timeout.Kind kind, ProviderSettings.Timeouts timeouts,
                                       long start, Scheduler timer, CallState state) {
        Duration remaining = timeouts.total().minusNanos(timer.now(TimeUnit.NANOSECONDS) - start);
        if (remaining.compareTo(wait) <= 0) {
            return Mono.delay(remaining.isNegative() ? Duration.ZERO : remaining, timer)
                    .then(Mono.error(() -> total(state)));
        }
        String what = kind == Timeout.Kind.FIRST_TOKEN ? "no first token within " : "the stream was silent for ";
        return Mono.delay(wait, timer)
                .then(Mono.error(() -> new Timeout(what + wait.toMillis() + " ms", state.details(), kind)));
    }
}
