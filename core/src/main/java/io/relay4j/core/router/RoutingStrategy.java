package io.relay4j.core.router;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.internal.strategy.LeastInFlightOrder;
import io.relay4j.core.internal.strategy.LeastLatencyOrder;
import io.relay4j.core.internal.strategy.LowestCostOrder;
import io.relay4j.core.internal.strategy.RoundRobinOrder;
import io.relay4j.core.internal.strategy.WeightedRandomOrder;
import io.relay4j.core.internal.router.OrderingStrategy;
import java.util.List;

/**
 * Orders the providers a request tries. Called once per request, on the caller's thread, so it must be
 * fast, thread-safe and non-blocking.
 *
 * <p>The router passes its providers in priority order (the order they were added) and tries the
 * returned providers in the returned order; health, context window and budget checks still apply to
 * each, and the request falls over along the returned list. A strategy may leave providers out, but
 * may only return providers it was given.
 *
 * <p>Besides {@link #priority()}, the built-in strategies below order by what the router observes or knows;
 * each documents its fallback order (the rest of the list after its first choice). Each router they are
 * given to binds its own copy to its own observations, so one instance may serve several routers.
 */
@FunctionalInterface
public interface RoutingStrategy {

    /** Priority order: the providers as they were added to the router (the default). Allocates nothing. */
    static RoutingStrategy priority() {
        return (request, providers) -> providers;
    }

    /**
     * Each request starts one provider further along the priority list (an atomic counter), and falls over
     * along the list from there, wrapping around: [a, b, c], then [b, c, a], then [c, a, b], ...
     */
    static RoutingStrategy roundRobin() {
        return OrderingStrategy.unbound("roundRobin", facts -> new RoundRobinOrder());
    }

    /**
     * The first provider is drawn at random in proportion to its {@linkplain ProviderOptions#weight() weight}
     * (weights 3 and 1: three quarters of the requests start on the first); the fallback order is further
     * weighted draws among the rest. Each provider's weight is its {@link ProviderOptions}' (1 unless set), read
     * on every request, so a provider added at run time with {@code addProvider(p, options)} gets its share at
     * once. Providers of weight 0 are never drawn first: they come last, in priority order (all of weight 0:
     * priority order). Weights are set only there: this strategy takes no per-name map.
     */
    static RoutingStrategy weightedRandom() {
        return OrderingStrategy.unbound("weightedRandom",
                facts -> new WeightedRandomOrder(provider -> facts.options().apply(provider.name()).weight()));
    }

    /**
     * Fastest first, by each provider's exponentially weighted average latency of recent successful calls;
     * the fallback order is the next fastest. Providers not measured yet go first (so that each gets measured),
     * in priority order; equal averages keep priority order.
     */
    static RoutingStrategy leastLatency() {
        return OrderingStrategy.unbound("leastLatency", facts -> new LeastLatencyOrder());
    }

    /**
     * Fewest calls in progress first (hedges included); the fallback order is the next least busy. Equal
     * counts keep priority order, so an idle router behaves as {@link #priority()}.
     */
    static RoutingStrategy leastInFlight() {
        return OrderingStrategy.unbound("leastInFlight", facts -> new LeastInFlightOrder());
    }

    /**
     * Cheapest first, by the router's {@linkplain io.relay4j.core.LlmRouter.Builder#pricing pricing table}, the
     * one that also prices every answer: each provider is priced at the request's model, else its own
     * ({@link io.relay4j.core.ProviderInfo#model()}), of its vendor. The fallback order is the next cheapest,
     * then the providers whose model the table does not price, in priority order.
     *
     * <p>Input and output tokens are weighed as the request tells: a request with {@code maxTokens} ranks by
     * the most it may cost (its prompt, estimated at four characters a token, at the input price plus
     * {@code maxTokens} at the output price); one without ranks by the usual 3:1 input:output blend. A model
     * without a list price (self-hosted, say) is priced by adding it to the router's table, at zero if its
     * tokens cost nothing. A router whose table prices none of its providers' models is refused at build.
     */
    static RoutingStrategy lowestCost() {
        return OrderingStrategy.unbound("lowestCost",
                facts -> LowestCostOrder.forProviders(facts.pricing(), facts.providers()));
    }

    /**
     * @param request   the request being routed (for its metadata and settings)
     * @param providers the router's providers, in priority order; unmodifiable
     * @return the providers to try, first choice first
     */
    List<LlmProvider> order(LlmRequest request, List<LlmProvider> providers);
}
