package io.relay4j.core.internal.router;

import io.relay4j.core.spi.HealthRecord;
import io.relay4j.core.spi.HealthStore;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A router's connection to its fleet ({@link HealthStore}): what its {@link HealthTracker}s learn goes out through
 * it, what the other instances learned comes in through it to the tracker of that provider. A store is a plugin,
 * so nothing it does may reach a request: a store that throws, errs or does not answer is logged and ignored, and
 * a probe it does not grant within {@link #ANSWER_LIMIT} is taken locally, as without a fleet.
 */
public final class FleetLink {

    private static final Logger LOG = LoggerFactory.getLogger(FleetLink.class);

    /** How long a tracker waits, without holding any request, for the fleet's answer to a probe request. */
    static final Duration ANSWER_LIMIT = Duration.ofSeconds(1);

    private final HealthStore store;
    private volatile HealthStore.Session session;
    private volatile Function<String, HealthTracker> trackers = name -> null;

    public FleetLink(HealthStore store) {
        this.store = Objects.requireNonNull(store, "health store must not be null");
    }

    /** Opens the session; from now on the store's records reach the tracker {@code trackers} finds by name. */
    public void start(Function<String, HealthTracker> trackers) {
        this.trackers = trackers;
        this.session = Objects.requireNonNull(store.open(this::deliver), "HealthStore.open returned null");
    }

    /** The wall clock the records are on, in milliseconds; the virtual clock under a virtual-time test. */
    public long wallMillis() {
        return Schedulers.parallel().now(TimeUnit.MILLISECONDS);
    }

    /** {@link #wallMillis()} in nanoseconds, the unit transitions are stamped in. */
    long wallNanos() {
        return Math.multiplyExact(wallMillis(), 1_000_000L);
    }

    void publish(HealthRecord record) {
        HealthStore.Session current = session;
        if (current == null) {
            return;
        }
        try {
            current.publish(record);
        } catch (RuntimeException e) {
            LOG.warn("health store failed to take a record about provider '{}': {}", record.provider(), e.toString());
        }
    }

    /** The fleet's answer to "may this instance probe {@code provider}"; true on an error or no answer in time. */
    Mono<Boolean> acquireProbe(String provider, Duration lease) {
        HealthStore.Session current = session;
        if (current == null) {
            return Mono.just(true);
        }
        return Mono.defer(() -> current.acquireProbe(provider, lease))
                .timeout(ANSWER_LIMIT, Mono.just(true))
                .defaultIfEmpty(true)
                .onErrorResume(e -> {
                    LOG.debug("health store could not grant the probe of provider '{}', probing locally: {}", provider,
                            e.toString());
                    return Mono.just(true);
                });
    }

    void releaseProbe(String provider) {
        HealthStore.Session current = session;
        if (current == null) {
            return;
        }
        try {
            current.releaseProbe(provider);
        } catch (RuntimeException e) {
            LOG.warn("health store failed to release the probe of provider '{}': {}", provider, e.toString());
        }
    }

    public void close() {
        HealthStore.Session current = session;
        if (current == null) {
            return;
        }
        try {
            current.close();
        } catch (RuntimeException e) {
            LOG.warn("health store failed to close: {}", e.toString());
        }
    }

    private void deliver(HealthRecord record) {
        try {
            HealthTracker tracker = record == null ? null : trackers.apply(record.provider());
            if (tracker != null) {
                tracker.applyRemote(record, RouterClock.nanos(), wallMillis());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not apply a fleet health record: {}", e.toString());
        }
    }
}
