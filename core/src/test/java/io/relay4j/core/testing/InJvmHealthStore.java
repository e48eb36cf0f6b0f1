package io.relay4j.core.testing;

import io.relay4j.core.health.HealthState;
import io.relay4j.core.spi.HealthRecord;
import io.relay4j.core.spi.HealthStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A fleet's {@link HealthStore} inside one JVM, for routers that stand for instances in virtual-time tests: the
 * merge rules a shared store follows (newer records win, a later cooldown extends), records delivered to every
 * session at once (the publisher's own included, as a pub/sub channel does), the probe lease on the parallel
 * scheduler's wall clock. {@link #unreachable()} makes it behave as a store whose backend is gone: probes
 * unanswered, records dropped.
 */
public final class InJvmHealthStore implements HealthStore {

    private record Lease(Session holder, long expiresAtMillis) {
    }

    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final Map<String, HealthRecord> records = new ConcurrentHashMap<>();
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private final List<HealthRecord> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger probesGranted = new AtomicInteger();
    private volatile boolean reachable = true;

    @Override
    public HealthStore.Session open(Consumer<HealthRecord> updates) {
        Session session = new Session(updates);
        sessions.add(session);
        records.values().forEach(updates);
        return session;
    }

    /** From now on the store answers no probe request and loses what is published, as a store cut off its backend. */
    public void unreachable() {
        reachable = false;
    }

    /** Every record any session published, in order. */
    public List<HealthRecord> published() {
        return List.copyOf(published);
    }

    /** How many probe leases were granted so far. */
    public int probesGranted() {
        return probesGranted.get();
    }

    /** Delivers {@code record} to every session as if another instance had published it. */
    public void deliver(HealthRecord record) {
        sessions.forEach(s -> s.updates.accept(record));
    }

    private static long now() {
        return Schedulers.parallel().now(TimeUnit.MILLISECONDS);
    }

    private HealthRecord merge(HealthRecord stored, HealthRecord incoming) {
        if (stored == null || !incoming.at().isBefore(stored.at())) {
            return incoming;
        }
        if (stored.state() == HealthState.COOLING_DOWN && incoming.state() == HealthState.COOLING_DOWN
                && incoming.until().isAfter(stored.until())) {
            return stored.toBuilder().until(incoming.until()).trips(Math.max(stored.trips(), incoming.trips())).build();
        }
        return stored;
    }

    private final class Session implements HealthStore.Session {
        private final Consumer<HealthRecord> updates;

        Session(Consumer<HealthRecord> updates) {
            this.updates = updates;
        }

        @Override
        public void publish(HealthRecord record) {
            if (!reachable) {
                return;
            }
            published.add(record);
            HealthRecord merged = records.merge(record.provider(), record, InJvmHealthStore.this::merge);
            leases.computeIfPresent(record.provider(), (p, lease) -> lease.holder == this ? null : lease);
            sessions.forEach(s -> s.updates.accept(merged));
        }

        @Override
        public Mono<Boolean> acquireProbe(String provider, Duration lease) {
            if (!reachable) {
                return Mono.never();
            }
            return Mono.fromSupplier(() -> {
                long now = now();
                Lease held = leases.compute(provider, (p, current) ->
                        current == null || current.expiresAtMillis <= now || current.holder == this
                                ? new Lease(this, now + lease.toMillis()) : current);
                boolean granted = held.holder == this;
                if (granted) {
                    probesGranted.incrementAndGet();
                }
                return granted;
            });
        }

        @Override
        public void releaseProbe(String provider) {
            leases.computeIfPresent(provider, (p, lease) -> lease.holder == this ? null : lease);
        }

        @Override
        public void close() {
            sessions.remove(this);
        }
    }
}
