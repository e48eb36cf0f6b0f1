package io.relay4j.redis.internal.budget;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The budget sync's meters ({@code relay4j.fleet.fallbacks{kind=budget}} and
 * {@code relay4j.fleet.store.errors{operation=budget-sync}}, once per failed sync; {@code relay4j.fleet.sync.lag
 * {kind=budget}}, from a local change to Redis acknowledging it), all tagged with the namespace, and its logs:
 * one WARN when syncs start failing and one INFO when they work again, not one line per failure.
 */
final class BudgetSyncMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(RedisBudgetStore.class);

    private final String namespace;
    private final Optional<Counter> fallbacks;
    private final Optional<Counter> errors;
    private final Optional<Timer> lag;
    private final AtomicBoolean failing = new AtomicBoolean();

    BudgetSyncMetrics(Optional<MeterRegistry> registry, String namespace) {
        this.namespace = namespace;
        this.fallbacks = registry.map(r -> Counter.builder("relay4j.fleet.fallbacks")
                .description("Times an instance went on with its local state because Redis did not answer")
                .tag("kind", "budget").tag("namespace", namespace).register(r));
        this.errors = registry.map(r -> Counter.builder("relay4j.fleet.store.errors")
                .description("Redis commands of the fleet state that failed or timed out")
                .tag("operation", "budget-sync").tag("namespace", namespace).register(r));
        this.lag = registry.map(r -> Timer.builder("relay4j.fleet.sync.lag")
                .description("Time from a local change of fleet state to Redis acknowledging it")
                .tag("kind", "budget").tag("namespace", namespace).register(r));
    }

    /** A failed sync; {@code starting} when the store has not connected yet, which is not worth a WARN. */
    void failed(Throwable error, boolean starting) {
        fallbacks.ifPresent(Counter::increment);
        errors.ifPresent(Counter::increment);
        if (starting) {
            LOG.debug("Budget sync before the connection to Redis is open, namespace {}", namespace);
        } else if (failing.compareAndSet(false, true)) {
            // the type only: a message may carry the URI, and the URI may carry a password
            LOG.warn("Budget sync with Redis failed ({}) for namespace {}: this instance goes on with its local"
                    + " view of the fleet's spending and syncs again when Redis answers",
                    error.getClass().getSimpleName(), namespace);
            LOG.debug("Budget sync failure", error);
        }
    }

    void synced(Duration sinceChange) {
        if (failing.compareAndSet(true, false)) {
            LOG.info("Budget sync with Redis works again for namespace {}", namespace);
        }
        if (sinceChange != null) {
            lag.ifPresent(timer -> timer.record(sinceChange));
        }
    }
}
