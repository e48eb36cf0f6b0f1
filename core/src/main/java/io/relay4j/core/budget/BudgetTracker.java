package io.relay4j.core.budget;

import io.relay4j.core.spi.BudgetStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Tracks what each provider has spent against its {@link BudgetConfig} limits. Before calling a provider the
 * router {@linkplain #reserve reserves} the call's worst-case cost on each of the provider's budgets (and
 * skips the provider as over budget when a budget's spent total plus what calls in flight have reserved
 * already reaches its limit); when the call ends it {@linkplain Reservation#settle settles}: the reservation
 * is given back and the call's actual (or estimated) cost is charged.
 *
 * <p><b>Overshoot bound.</b> A call is admitted only while {@code spent + reserved < limit}, and the check and
 * the reservation are one atomic step of the {@link BudgetStore}. So however many requests run at once, the
 * amount committed to a budget ({@code spent + reserved}) exceeds the limit by less than the one reservation
 * that crossed it; as long as every call costs at most what it reserved (true when requests set
 * {@code maxTokens} and the prompt estimate holds), the period's spending ends below
 * {@code limit + the largest single reservation}, whatever the concurrency. A request without
 * {@code maxTokens} reserves {@link BudgetConfig#reservedOutputTokens()} output tokens; an answer longer than
 * that may exceed its reservation by the difference. Without reservations (check, then charge after), the
 * overshoot would grow with the number of calls in flight.
 *
 * <p>Guarantees: periods are UTC calendar periods read from a Reactor {@link Scheduler}'s clock
 * ({@link Schedulers#parallel()} unless another is given), so spending starts from zero when a new
 * period begins and tests can drive time virtually. Crossing the warning ratio of a budget logs one
 * WARN per period (the crossing is detected on the store's atomic totals, so once even under
 * concurrency); crossing the limit itself logs one more. Thread-safe and non-blocking as long as the
 * {@link BudgetStore} is.
 *
 * <p><b>Limits.</b> The tracker starts with its {@link BudgetConfig}'s limits; a router adds those of each
 * provider's {@code ProviderOptions.budget} when the provider is added ({@link #addLimits}), at build or at run
 * time, and takes them away when it is removed ({@link #removeLimits}; what was spent stays in the store, so
 * removing and re-adding a provider does not reset its spending). A provider has at most one limit per period,
 * wherever it was set: a second one is refused.
 */
public final class BudgetTracker {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetTracker.class);

    private final BudgetConfig config;
    private final AtomicReference<Limits> limits;
    private final List<Consumer<BudgetLimit>> limitWatchers = new CopyOnWriteArrayList<>();
    private final BudgetStore store;
    private final Supplier<Instant> clock;

    private BudgetTracker(BudgetConfig config, BudgetStore store, Supplier<Instant> clock) {
        this.config = config;
        this.limits = new AtomicReference<>(Limits.of(config.limits()));
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

    /**
     * False when any budget of {@code provider} is spent in its current period, counting what calls in flight
     * have reserved; true for providers without one.
     */
    public boolean allows(String provider) {
        List<BudgetLimit> own = limits.get().byProvider().get(provider);
        if (own == null) {
            return true;
        }
        Instant now = clock.get();
        for (BudgetLimit limit : own) {
            BudgetWindow window = windowOf(limit, now);
            if (store.spent(window).add(store.reserved(window)).compareTo(limit.limitUsd()) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code provider} has at least one budget: only then do its calls need a reservation. */
    public boolean hasBudget(String provider) {
        return limits.get().byProvider().containsKey(provider);
    }

    /**
     * Reserves {@code worstCaseUsd} on every budget of {@code provider} for the current period, or nothing and
     * empty when any of them is spent counting reservations (the provider must be skipped). A provider without
     * a budget gets a reservation that holds nothing. Settle every reservation granted exactly once.
     *
     * @throws IllegalArgumentException when the amount is negative
     */
    public Optional<Reservation> reserve(String provider, BigDecimal worstCaseUsd) {
        Objects.requireNonNull(provider, "provider must not be null");
        requireNotNegative(worstCaseUsd);
        List<BudgetLimit> own = limits.get().byProvider().get(provider);
        if (own == null) {
            return Optional.of(new Reservation(this, provider, BigDecimal.ZERO, List.of()));
        }
        Instant now = clock.get();
        List<BudgetWindow> held = new ArrayList<>(own.size());
        for (BudgetLimit limit : own) {
            BudgetWindow window = windowOf(limit, now);
            if (!store.reserve(window, worstCaseUsd, limit.limitUsd())) {
                held.forEach(w -> store.settle(w, worstCaseUsd, BigDecimal.ZERO));
                return Optional.empty();
            }
            held.add(window);
        }
        return Optional.of(new Reservation(this, provider, worstCaseUsd, held));
    }

    /**
     * Adds an attempt's cost to every budget of {@code provider} for the current period. Costs of
     * providers without a budget are ignored.
     *
     * @throws IllegalArgumentException when the cost is negative
     */
    public void record(String provider, BigDecimal costUsd) {
        Objects.requireNonNull(provider, "provider must not be null");
        requireNotNegative(costUsd);
        settle(provider, BigDecimal.ZERO, List.of(), costUsd);
    }

    private void settle(String provider, BigDecimal reservedUsd, List<BudgetWindow> held, BigDecimal costUsd) {
        List<BudgetLimit> own = limits.get().byProvider().get(provider);
        if (own == null) {
            return;
        }
        Instant now = clock.get();
        for (BudgetLimit limit : own) {
            BudgetWindow current = windowOf(limit, now);
            BudgetWindow reservedIn = held.stream().filter(w -> w.period() == limit.period()).findFirst().orElse(null);
            BigDecimal after;
            if (reservedIn != null && !reservedIn.equals(current)) {
                // the period ended while the call ran: its reservation went with the old window
                store.settle(reservedIn, reservedUsd, BigDecimal.ZERO);
                after = store.add(current, costUsd);
            } else if (reservedIn != null) {
                after = store.settle(current, reservedUsd, costUsd);
            } else if (costUsd.signum() != 0) {
                after = store.add(current, costUsd);
            } else {
                continue;
            }
            warnOnCrossing(limit, after.subtract(costUsd), after);
        }
    }

    private static void requireNotNegative(BigDecimal amountUsd) {
        Objects.requireNonNull(amountUsd, "amount must not be null");
        if (amountUsd.signum() < 0) {
            throw new IllegalArgumentException("a cost must not be negative, was " + amountUsd.toPlainString());
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

    /**
     * A call's hold on its provider's budgets, from admission to its end. {@link #settle} it exactly once;
     * later calls do nothing. Thread-safe.
     */
    public static final class Reservation {

        private static final AtomicIntegerFieldUpdater<Reservation> SETTLED =
                AtomicIntegerFieldUpdater.newUpdater(Reservation.class, "settled");

        private final BudgetTracker tracker;
        private final String provider;
        private final BigDecimal amountUsd;
        private final List<BudgetWindow> held;
        private volatile int settled;

        private Reservation(BudgetTracker tracker, String provider, BigDecimal amountUsd, List<BudgetWindow> held) {
            this.tracker = tracker;
            this.provider = provider;
            this.amountUsd = amountUsd;
            this.held = held;
        }

        /** What is held on each of the provider's budgets (zero for a provider without one). */
        public BigDecimal amountUsd() {
            return amountUsd;
        }

        /**
         * Gives the reservation back and charges {@code actualUsd} (zero when the call cost nothing or its cost
         * is unknown) to every budget of the provider, in the current period.
         *
         * @throws IllegalArgumentException when the cost is negative
         */
        public void settle(BigDecimal actualUsd) {
            requireNotNegative(actualUsd);
            if (SETTLED.compareAndSet(this, 0, 1)) {
                tracker.settle(provider, amountUsd, held, actualUsd);
            }
        }
    }

    /**
     * Adds limits (those of a provider's options, say) to the ones tracked, all or none: an
     * {@link IllegalArgumentException} naming the provider and period when one of them has a limit already.
     */
    public void addLimits(List<BudgetLimit> added) {
        List<BudgetLimit> copy = List.copyOf(Objects.requireNonNull(added, "limits must not be null"));
        for (;;) {
            Limits current = limits.get();
            List<BudgetLimit> all = new ArrayList<>(current.all());
            for (BudgetLimit limit : copy) {
                if (all.stream().anyMatch(l -> l.provider().equals(limit.provider()) && l.period() == limit.period())) {
                    throw new IllegalArgumentException("provider " + limit.provider() + " already has a "
                            + limit.period().tag() + " budget (of " + existing(all, limit).limitUsd().toPlainString()
                            + " USD): set each provider's limit for a period once, either in its ProviderOptions or"
                            + " in the router's BudgetConfig");
                }
                all.add(limit);
            }
            if (limits.compareAndSet(current, Limits.of(all))) {
                copy.forEach(limit -> limitWatchers.forEach(watcher -> watcher.accept(limit)));
                return;
            }
        }
    }

    /**
     * Calls {@code watcher} with every limit tracked now, then with each limit {@linkplain #addLimits added}
     * later (on the adding thread), so that meters can follow budgets set when a provider is added at run time.
     * The watcher must be fast and must not throw.
     */
    public void forEachLimit(Consumer<BudgetLimit> watcher) {
        Objects.requireNonNull(watcher, "watcher must not be null");
        limitWatchers.add(watcher);
        limits.get().all().forEach(watcher);
    }

    /** Stops tracking these limits (what was spent stays in the store); limits not tracked are ignored. */
    public void removeLimits(List<BudgetLimit> removed) {
        Objects.requireNonNull(removed, "limits must not be null");
        for (;;) {
            Limits current = limits.get();
            List<BudgetLimit> all = new ArrayList<>(current.all());
            all.removeAll(removed);
            if (limits.compareAndSet(current, Limits.of(all))) {
                return;
            }
        }
    }

    private static BudgetLimit existing(List<BudgetLimit> all, BudgetLimit like) {
        return all.stream().filter(l -> l.provider().equals(like.provider()) && l.period() == like.period())
                .findFirst().orElseThrow();
    }

    /** Every limit tracked now: the config's, then those added, in the order given. */
    public List<BudgetLimit> limits() {
        return limits.get().all();
    }

    /** One immutable set of limits, also grouped by provider for the per-call lookups. */
    private record Limits(List<BudgetLimit> all, Map<String, List<BudgetLimit>> byProvider) {
        static Limits of(List<BudgetLimit> all) {
            return new Limits(List.copyOf(all), all.stream()
                    .collect(Collectors.groupingBy(BudgetLimit::provider, Collectors.toUnmodifiableList())));
        }
    }

    /** The spending of every tracked budget in its current period. */
    public List<BudgetStatus> status() {
        Instant now = clock.get();
        return limits.get().all().stream()
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
