package io.relay4j.core.internal.router;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.internal.hedging.HedgingPolicy;
import io.relay4j.core.internal.strategy.ProviderStatsRegistry;
import io.relay4j.core.router.RoutingStrategy;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.router.TimeoutConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every request of one router shares: providers, strategy, failure policy, limits, accounting and
 * listeners.
 * Immutable apart from the provider registry; thread-safe. Both the whole-answer and the streaming paths
 * route through it.
 */
public final class RouterCore {

    private final ProviderRegistry registry;
    private final RoutingStrategy strategy;
    private final FailurePolicy failurePolicy;
    private final TimeoutConfig timeouts;
    private final StreamConfig streaming;
    private final int maxAttemptsPerRequest;
    private final boolean panicMode;
    private final EventDispatcher events;
    private final ProviderStatsRegistry stats;
    private final HedgingPolicy hedging;
    private final Accounting accounting;
    private final AtomicLong requestIds = new AtomicLong();

    /**
     * @param maxAttemptsPerRequest the call budget of each request, or 0 for "providers + 2", counted
     *                              per request from the providers at that time
     * @param stats                 the providers' run-time stats and concurrency limiters
     */
    public RouterCore(ProviderRegistry registry, RoutingStrategy strategy, FailurePolicy failurePolicy,
                      TimeoutConfig timeouts, StreamConfig streaming, int maxAttemptsPerRequest, boolean panicMode,
                      EventDispatcher events, ProviderStatsRegistry stats, HedgingPolicy hedging,
                      Accounting accounting) {
        this.registry = registry;
        this.strategy = strategy;
        this.failurePolicy = failurePolicy;
        this.timeouts = timeouts;
        this.streaming = streaming;
        this.maxAttemptsPerRequest = maxAttemptsPerRequest;
        this.panicMode = panicMode;
        this.events = events;
        this.stats = stats;
        this.hedging = hedging;
        this.accounting = accounting;
    }

    public ProviderRegistry registry() {
        return registry;
    }

    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    public TimeoutConfig timeouts() {
        return timeouts;
    }

    public StreamConfig streaming() {
        return streaming;
    }

    public boolean panicMode() {
        return panicMode;
    }

    public EventDispatcher events() {
        return events;
    }

    public ProviderStatsRegistry stats() {
        return stats;
    }

    public HedgingPolicy hedging() {
        return hedging;
    }

    public Accounting accounting() {
        return accounting;
    }

    /**
     * Fails with an {@link IllegalStateException} once the router is closed: a closed router starts no request.
     */
    public void requireOpen() {
        if (registry.isClosed()) {
            throw new IllegalStateException("the router is closed and takes no new requests: build a new router");
        }
    }

    /**
     * Closes the router: no request starts from now on, and each provider is closed once its calls in flight
     * have ended. The router keeps no timer of its own; its requests' timers end with them. Idempotent.
     */
    public void close() {
        registry.close();
    }

    long nextRequestId() {
        return requestIds.incrementAndGet();
    }

    int maxCalls(int providerCount) {
        return maxAttemptsPerRequest > 0 ? maxAttemptsPerRequest : providerCount + 2;
    }

    /**
     * The providers to try for this request, in order, as the strategy decides with the providers' slow starts
     * applied ({@link SlowStart}). A built-in strategy ranks a
     * request naming an alias by the model each provider's alias maps to (the lowest-cost strategy prices it).
     */
    List<ProviderSlot> candidates(LlmRequest request, ProviderRegistry.View view, ModelRoute route) {
        List<LlmProvider> ordered = route.kind() == ModelRoute.Kind.ALIAS && strategy instanceof OrderingStrategy
                ? ((OrderingStrategy) strategy).order(request, view.providers(),
                        provider -> route.modelFor(view.byName().get(provider.name())))
                : strategy.order(request, view.providers());
        if (ordered == view.providers()) {
            return SlowStart.apply(view.slots(), RouterClock.nanos());
        }
        if (ordered == null) {
            throw new IllegalStateException("routing strategy " + strategy.getClass().getName() + " returned null");
        }
        List<ProviderSlot> slots = new ArrayList<>(ordered.size());
        for (LlmProvider provider : ordered) {
            ProviderSlot slot = provider == null ? null : view.byName().get(provider.name());
            if (slot == null || slot.provider() != provider) {
                throw new IllegalStateException("routing strategy " + strategy.getClass().getName()
                        + " returned a provider that is not on the router: " + (provider == null ? null : provider.name()));
            }
            slots.add(slot);
        }
        return SlowStart.apply(slots, RouterClock.nanos());
    }
}
