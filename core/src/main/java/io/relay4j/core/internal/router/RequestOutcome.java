package io.relay4j.core.internal.router;

import io.relay4j.core.Attempt;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.event.Operation;
import io.relay4j.core.event.RouterEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * How a request ended, recorded once: the claim that lets only the first of success, failure, deadline and
 * cancellation end it, the time spent in providers and waiting (for the router's overhead), and the
 * {@code RequestFinished} event. The claim is atomic, since a cancellation or the request deadline may race
 * a step; the time counters are written only by {@link RequestState}'s steps.
 */
final class RequestOutcome {

    private static final AtomicIntegerFieldUpdater<RequestOutcome> FINISHED =
            AtomicIntegerFieldUpdater.newUpdater(RequestOutcome.class, "finished");

    private final EventDispatcher events;
    private final long id;
    private final Operation operation;
    private final long startNanos;
    private long providerNanos;
    private long waitNanos;
    private volatile int finished;

    RequestOutcome(EventDispatcher events, long id, Operation operation, long startNanos) {
        this.events = events;
        this.id = id;
        this.operation = operation;
        this.startNanos = startNanos;
    }

    /** A call took {@code nanos} in its provider. */
    void inProvider(long nanos) {
        providerNanos += nanos;
    }

    /** The request waited {@code wait} before an in-place retry. */
    void waited(Duration wait) {
        waitNanos += wait.toNanos();
    }

    /** The time since the request entered the router. */
    Duration elapsed() {
        return Duration.ofNanos(RouterClock.nanos() - startNanos);
    }

    /** Claims the outcome and, if this was the first claim, publishes it. */
    void finish(Optional<String> servedBy, Optional<ErrorType> errorType, long now, List<Attempt> all) {
        if (claim()) {
            publish(servedBy, errorType, now, all);
        }
    }

    /**
     * Claims the request's outcome: true for the first of success, failure, deadline and cancellation to ask,
     * which alone records how the request ended.
     */
    boolean claim() {
        return finished == 0 && FINISHED.compareAndSet(this, 0, 1);
    }

    /** Publishes that {@code servedBy} answered the request, once the answer claimed its outcome. */
    void publish(String servedBy, long now, List<Attempt> all) {
        if (events.lifecycleWanted()) {
            // the event's values are built only for a listener that wants it: this runs on every answer
            publish(Optional.of(servedBy), Optional.empty(), now, all);
        }
    }

    /** Publishes how the request ended, once its outcome is claimed. */
    void publish(Optional<String> servedBy, Optional<ErrorType> errorType, long now, List<Attempt> all) {
        if (!events.lifecycleWanted()) {
            return;
        }
        long total = now - startNanos;
        long overhead = Math.max(0, total - providerNanos - waitNanos);
        events.accept(new RouterEvent.RequestFinished(id, operation, servedBy, errorType,
                Duration.ofNanos(total), Duration.ofNanos(overhead), all));
    }
}
