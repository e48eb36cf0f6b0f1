package io.relay4j.core.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Tracks what each provider has spent against its {@link BudgetConfig} limits. The router asks
 * {@link #allows(String)} before calling a provider (and skips it as over budget when not) and
 * {@link #record(String, BigDecimal)}s the cost of every attempt that has one.
 *
 * <p>Guarantees: periods are UTC calendar periods read from a Reactor {@link Scheduler}'s clock
 * ({@link Schedulers#parallel()} unless another is given), so spending starts from zero when a new
 * period begins and tests can drive time virtually. Crossing the warning ratio of a budget logs one
 * WARN per period (the crossing is detected on the store's atomic totals, so once even under
 * concurrency); crossing the limit itself logs one more. Thread-safe and non-blocking as long as the
 * {@link BudgetStore} is.
 */
public final class BudgetTracker {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetTracker.class);

    private final BudgetConfig config;
    private final Map<String, List<BudgetLimit>> limitsByProvider;
    private final BudgetStore store;
    private final Supplier<Instant> clock;

    private BudgetTracker(BudgetConfig config, BudgetStore store, Supplier<Instant> clock) {
        this.config = config;
        this.limitsByProvider = config.limits().stream()
                .collect(Collectors.groupingBy(BudgetLimit::provider, Collectors.toUnmodifiableList()));
        this.store = store;
        this.clock = clock;
    }

    /** A tracker over an in-memory store, on the parallel scheduler's clock. */
    public static BudgetTracker of(BudgetConfig config) {
        return builder(config).build();
    }

    public static Builder builder(BudgetConfig config) {
        return new Builder(config);
    }

    /** False when any budget of {@code provider} is spent in its current period; true for providers without one. */
    public boolean allows(String provider) {
        List<BudgetLimit> limits = limitsByProvider.get(provider);
        if (limits == null) {
            return true;
        }
        Instant now = clock.get();
        for (BudgetLimit limit : limits) {
            if (store.spent(windowOf(limit, now)).compareTo(limit.limitUsd()) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds an attempt's cost to every budget of {@code provider} for the current period. Costs of
     * providers without a budget are ignored.
     *
     * @throws IllegalArgumentException when the cost is negative
     */
    public void record(String provider, BigDecimal costUsd) {
        Objects.requireNonNull(provider, "provider must not be null");
        Objects.requireNonNull(costUsd, "costUsd must not be null");
        if (costUsd.signum() < 0) {
            throw new IllegalArgumentException("a cost must not be negative, was " + costUsd.toPlainString());
        }
        List<BudgetLimit> limits = limitsByProvider.get(provider);
        if (limits == null || costUsd.signum() == 0) {
            return;
        }
        Instant now = clock.get();
        for (BudgetLimit limit : limits) {
            BigDecimal after = store.add(windowOf(limit, now), costUsd);
            warnOnCrossing(limit, after.subtract(costUsd), after);
        }
    }

    private void warnOnCrossing(BudgetLimit limit, BigDecimal before, BigDecimal after) {
        BigDecimal warnAt = limit.limitUsd().multiply(BigDecimal.valueOf(config.warningRatio()));
        if (crossed(before, after, limit.limitUsd())) {
            LOG.warn("Provider {} has spent its {} budget ({} of {} USD): it is skipped until the period ends",
                    limit.provider(), limit.period().tag(), after.toPlainString(), limit.limitUsd().toPlainString());
        } else if (crossed(before, after, warnAt)) {
            LOG.warn("Provider {} has spent {}% of its {} budget ({} of {} USD)", limit.provider(),
                    Math.round(config.warningRatio() * 100), limit.period().tag(), after.toPlainString(),
                    limit.limitUsd().toPlainString());
        }
    }

    private static boolean crossed(BigDecimal before, BigDecimal after, BigDecimal threshold) {
        return before.compareTo(threshold) < 0 && after.compareTo(threshold) >= 0;
    }

    /** The spending of every configured budget in its current period. */
    public List<BudgetStatus> status() {
        Instant now = clock.get();
        return config.limits().stream()
                .map(limit -> new BudgetStatus(limit, store.spent(windowOf(limit, now))))
                .toList();
    }

    /** The spending of one budget in its current period. */
    public BudgetStatus status(BudgetLimit limit) {
        return new BudgetStatus(limit, store.spent(windowOf(limit, clock.get())));
    }

    public BudgetConfig config() {
        return config;
    }

    private static BudgetWindow windowOf(BudgetLimit limit, Instant now) {
        return new BudgetWindow(limit.provider(), limit.period(), limit.period().startOf(now));
    }

    /** Builds a {@link BudgetTracker}. */
    public static final class Builder {

        private final BudgetConfig config;
        private BudgetStore store = BudgetStore.inMemory();
        private Supplier<Instant> clock = () -> nowOf(Schedulers.parallel());

        private Builder(BudgetConfig config) {
            this.config = Objects.requireNonNull(config, "config must not be null");
        }

        /** Where totals are kept (default: in memory). */
        public Builder store(BudgetStore budgetStore) {
            this.store = Objects.requireNonNull(budgetStore, "store must not be null");
            return this;
        }

        /** Whose clock decides the current period (default: {@link Schedulers#parallel()}, looked up on each use). */
        public Builder clock(Scheduler scheduler) {
            Objects.requireNonNull(scheduler, "scheduler must not be null");
            this.clock = () -> nowOf(scheduler);
            return this;
        }

        public BudgetTracker build() {
            return new BudgetTracker(config, store, clock);
        }

        private static Instant nowOf(Scheduler scheduler) {
            return Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS));
        }
    }
}
