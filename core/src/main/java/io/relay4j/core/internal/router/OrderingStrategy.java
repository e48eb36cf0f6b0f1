package io.relay4j.core.internal.router;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.cost.PricingTable;
import io.relay4j.core.internal.strategy.ProviderOrder;
import io.relay4j.core.internal.strategy.ProviderStatsRegistry;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.core.router.RoutingStrategy;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A built-in {@link RoutingStrategy} that reads what the router observes (latency, calls in flight) or
 * knows (prices): created unbound by the {@code RoutingStrategy} factories, and bound to one router's
 * stats when that router is built. An unbound strategy cannot order anything.
 */
public final class OrderingStrategy implements RoutingStrategy {

    /**
     * What a router can tell a strategy when it is built.
     *
     * @param providers the router's providers when it is built, in priority order
     * @param pricing   the router's pricing table, which also prices every attempt
     * @param options   the options of a provider on the router now, by name (providers added at run time
     *                  included), {@code ProviderOptions.ofDefaults()} for one it does not have
     */
    public record RouterFacts(ProviderStatsRegistry stats, PricingTable pricing, List<LlmProvider> providers,
                              Function<String, ProviderOptions> options) {

        /** The names of {@link #providers()}. */
        public Set<String> providerNames() {
            Set<String> names = new HashSet<>();
            providers.forEach(provider -> names.add(provider.name()));
            return names;
        }
    }

    private final String name;
    private final Function<RouterFacts, ProviderOrder> binder;
    private final Supplier<RandomGenerator> random;
    private final ProviderOrder order;
    private final ProviderStatsRegistry stats;

    private OrderingStrategy(String name, Function<RouterFacts, ProviderOrder> binder, Supplier<RandomGenerator> random,
                             ProviderOrder order, ProviderStatsRegistry stats) {
        this.name = name;
        this.binder = binder;
        this.random = random;
        this.order = order;
        this.stats = stats;
    }

    /**
     * An unbound strategy.
     *
     * @param name   how the strategy is called in messages
     * @param binder makes the order for one router, or throws {@link IllegalArgumentException} saying what
     *               the router's configuration lacks
     */
    public static OrderingStrategy unbound(String name, Function<RouterFacts, ProviderOrder> binder) {
        return new OrderingStrategy(name, binder, ThreadLocalRandom::current, null, null);
    }

    /** This strategy drawing from another random source (for reproducible tests; must be thread-safe in use). */
    public OrderingStrategy withRandom(Supplier<RandomGenerator> randomSource) {
        return new OrderingStrategy(name, binder, Objects.requireNonNull(randomSource, "randomSource"), order, stats);
    }

    /** This strategy, ordering with the given router's facts. */
    public OrderingStrategy bind(RouterFacts facts) {
        return new OrderingStrategy(name, binder, random, binder.apply(facts), facts.stats());
    }

    @Override
    public List<LlmProvider> order(LlmRequest request, List<LlmProvider> providers) {
        requireBound();
        return order.order(request, providers, stats, random.get());
    }

    /**
     * As {@link #order(LlmRequest, List)}, for a request whose model differs per provider (an alias):
     * {@code modelOf} gives the model each provider would be asked for.
     */
    List<LlmProvider> order(LlmRequest request, List<LlmProvider> providers,
                            Function<LlmProvider, Optional<String>> modelOf) {
        requireBound();
        return order.order(request, providers, stats, random.get(), modelOf);
    }

    private void requireBound() {
        if (order == null) {
            throw new IllegalStateException("the " + name + " strategy orders providers only on a router: pass it to "
                    + "LlmRouter.builder().strategy(...)");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
