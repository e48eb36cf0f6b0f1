package io.relay4j.core.internal.router;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.budget.BudgetLimit;
import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.internal.strategy.ProviderStatsRegistry;
import io.relay4j.core.internal.health.EjectionGuard;
import io.relay4j.core.internal.health.HealthGauges;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.core.router.OutlierConfig;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.core.router.TimeoutConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The router's providers, in priority order. Copy-on-write: a request reads one immutable view with a
 * single volatile read; adding and removing (rare, by an operator) swap in a new view.
 *
 * <p>The registry owns its providers: a removed provider, and every provider once the registry is
 * {@linkplain #close() closed}, is closed after its calls in flight end ({@link ProviderSlot#retire()}).
 */
public final class ProviderRegistry {

    /** One immutable view of the providers; {@code providers} and {@code slots} are parallel lists. */
    public record View(List<LlmProvider> providers, List<ProviderSlot> slots, Map<String, ProviderSlot> byName) {
    }

    private final CooldownConfig cooldowns;
    private final OutlierConfig outliers;
    private final EjectionGuard ejections;
    private final HealthGauges gauges;
    private final TimeoutConfig timeouts;
    private final ProviderStatsRegistry stats;
    private final Consumer<RouterEvent> events;
    private final BudgetTracker budgets;
    private final FleetLink fleet;
    private final AtomicReference<View> view =
            new AtomicReference<>(new View(List.of(), List.of(), Map.of()));
    private volatile boolean closed;

    /**
     * @param timeouts the router's deadlines, which each provider's options may override
     * @param stats    the providers' stats, where each provider's concurrency limit is set as it is added
     * @param budgets  the router's budget tracker, where each provider's own budgets are registered as it is
     *                 added and taken away as it is removed
     * @param outliers when a provider's ordinary faults take it out, with the cap shared by all its providers
     * @param gauges   where each provider's health gauges are published while it is on the router
     * @param fleet    the router's fleet, shared by every provider's health tracker; null for a router on its own.
     *                 Started here, once the registry can find the trackers it delivers to, and closed with it
     */
    public ProviderRegistry(CooldownConfig cooldowns, OutlierConfig outliers, TimeoutConfig timeouts,
                            ProviderStatsRegistry stats, Consumer<RouterEvent> events, BudgetTracker budgets,
                            HealthGauges gauges, FleetLink fleet) {
        this.fleet = fleet;
        this.cooldowns = cooldowns;
        this.outliers = outliers;
        this.ejections = new EjectionGuard(() -> view.get().slots().size(), outliers.maxEjectionPercent());
        this.gauges = gauges;
        this.timeouts = timeouts;
        this.stats = stats;
        this.events = events;
        this.budgets = budgets;
    }

    /**
     * The options of the provider of that name on the router now, or {@link ProviderOptions#ofDefaults()} for
     * one it does not have (removed while a request was under way, say). One volatile read and a map lookup.
     */
    public ProviderOptions optionsOf(String name) {
        ProviderSlot slot = view.get().byName().get(name);
        return slot == null ? ProviderOptions.ofDefaults() : slot.options();
    }

    public View view() {
        return view.get();
    }

    /**
     * Appends a provider at the lowest priority, with its options: its deadlines are resolved, its
     * concurrency limit set and its budgets registered before any request can see it. An
     * {@link IllegalArgumentException} (and nothing added) when one of its budgets duplicates a limit the
     * tracker has for it already; an {@link IllegalStateException} once the registry is closed.
     */
    public void add(LlmProvider provider, ProviderOptions options) {
        Objects.requireNonNull(provider, "provider must not be null");
        Objects.requireNonNull(options, "provider options must not be null");
        requireOpen();
        String name = Objects.requireNonNull(provider.name(), "provider.name() must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("provider names must not be blank: give each provider a name");
        }
        if (view.get().byName().containsKey(name)) {
            throw duplicate(name, view.get());
        }
        List<BudgetLimit> ownBudgets = budgetsOf(name, options);
        budgets.addLimits(ownBudgets);
        AttemptDeadlines deadlines = AttemptDeadlines.of(timeouts, options);
        HealthTracker health = new HealthTracker(name, cooldowns, outliers, ejections, events, fleet,
                probeLease(deadlines));
        ProviderSlot slot = new ProviderSlot(provider, health, options, deadlines, stats.configure(name, options, (previous, limit, cause) ->
                        events.accept(new RouterEvent.ConcurrencyLimitChanged(name, previous, limit, cause))));
        for (;;) {
            View current = view.get();
            if (current.byName().containsKey(name)) {
                budgets.removeLimits(ownBudgets);
                throw duplicate(name, current);
            }
            List<ProviderSlot> slots = new ArrayList<>(current.slots());
            slots.add(slot);
            if (view.compareAndSet(current, viewOf(slots))) {
                gauges.add(name, () -> health.windowFailureRate(RouterClock.nanos()));
                if (closed) {
                    // the registry closed while this was added: close() may not have seen it, so it closes here
                    slot.retire();
                }
                return;
            }
        }
    }

    /**
     * Removes a provider; requests already under way pass it over. The last provider cannot be removed. The
     * provider is closed once its calls in flight have ended.
     */
    public void remove(String name) {
        for (;;) {
            View current = view.get();
            ProviderSlot slot = require(current, name);
            if (current.slots().size() == 1) {
                throw new IllegalStateException("cannot remove '" + name
                        + "', the router's last provider: add its replacement first");
            }
            List<ProviderSlot> slots = new ArrayList<>(current.slots());
            slots.remove(slot);
            if (view.compareAndSet(current, viewOf(slots))) {
                budgets.removeLimits(budgetsOf(name, slot.options()));
                slot.health().detach();
                gauges.remove(name);
                slot.retire();
                return;
            }
        }
    }

    /**
     * Closes the registry: no provider can be added any more, requests pass every provider over, and each
     * provider is closed once its calls in flight have ended. Idempotent.
     */
    public void close() {
        closed = true;
        view.get().slots().forEach(ProviderSlot::retire);
        if (fleet != null) {
            fleet.close();
        }
    }

    /** Opens the fleet's session, if there is a fleet: from now on its records reach the trackers of this registry. */
    public void startFleet() {
        if (fleet != null) {
            fleet.start(name -> {
                ProviderSlot slot = view.get().byName().get(name);
                return slot == null ? null : slot.health();
            });
        }
    }

    /**
     * How long the fleet's probe lease lasts: the probe's first-token deadline, the time in which it shows whether
     * the provider answers again (a holder that dies frees it after that), within 1 s to 5 min.
     */
    private static Duration probeLease(AttemptDeadlines deadlines) {
        Duration lease = deadlines.firstToken();
        return lease.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : lease.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : lease;
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the router is closed: build a new router");
        }
    }

    private static List<BudgetLimit> budgetsOf(String name, ProviderOptions options) {
        List<BudgetLimit> limits = new ArrayList<>();
        options.budgets().forEach((period, usd) -> limits.add(new BudgetLimit(name, period, usd)));
        return limits;
    }

    private static IllegalArgumentException duplicate(String name, View current) {
        return new IllegalArgumentException("a provider named '" + name
                + "' is already on the router: give each provider a unique name (known: " + current.byName().keySet() + ")");
    }

    /** The provider of that name, or an {@link IllegalArgumentException} that lists the known names. */
    public ProviderSlot require(String name) {
        return require(view.get(), name);
    }

    private static ProviderSlot require(View view, String name) {
        Objects.requireNonNull(name, "name must not be null");
        ProviderSlot slot = view.byName().get(name);
        if (slot == null) {
            List<String> known = new ArrayList<>();
            view.slots().forEach(s -> known.add(s.name()));
            throw new IllegalArgumentException("no provider named '" + name + "' on this router; known providers: " + known);
        }
        return slot;
    }

    private static View viewOf(List<ProviderSlot> slots) {
        List<LlmProvider> providers = new ArrayList<>(slots.size());
        Map<String, ProviderSlot> byName = new HashMap<>();
        for (ProviderSlot slot : slots) {
            providers.add(slot.provider());
            byName.put(slot.name(), slot);
        }
        return new View(Collections.unmodifiableList(providers), List.copyOf(slots), Map.copyOf(byName));
    }
}
