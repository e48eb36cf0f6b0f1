package io.relay4j.core.internal.strategy;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Picks the first provider at random in proportion to its weight, so traffic splits as the weights say
 * (weights 3 and 1: three quarters of requests start on the first). The fallback order is made of further
 * weighted draws among the providers not yet drawn, so a heavier provider tends to come earlier as
 * fallback too. Providers of weight 0 are never drawn: they come last, in priority order, as fallback only.
 * Weights are read on each request, so a provider added to the router later gets its share at once.
 */
public final class WeightedRandomOrder implements ProviderOrder {

    private final ToDoubleFunction<LlmProvider> weightOf;

    /** @param weightOf each provider's relative weight, finite and not negative, read on every request */
    public WeightedRandomOrder(ToDoubleFunction<LlmProvider> weightOf) {
        this.weightOf = Objects.requireNonNull(weightOf, "weightOf must not be null");
    }

    @Override
    public List<LlmProvider> order(LlmRequest request, List<LlmProvider> candidates, ProviderStatsRegistry stats,
                                   RandomGenerator random) {
        List<LlmProvider> drawable = new ArrayList<>(candidates.size());
        List<Double> weights = new ArrayList<>(candidates.size());
        List<LlmProvider> unweighted = new ArrayList<>();
        for (LlmProvider candidate : candidates) {
            double weight = weightOf.applyAsDouble(candidate);
            if (weight > 0) {
                drawable.add(candidate);
                weights.add(weight);
            } else {
                unweighted.add(candidate);
            }
        }
        List<LlmProvider> ordered = new ArrayList<>(candidates.size());
        while (!drawable.isEmpty()) {
            int drawn = draw(weights, random);
            ordered.add(drawable.remove(drawn));
            weights.remove(drawn);
        }
        ordered.addAll(unweighted);
        return List.copyOf(ordered);
    }

    private static int draw(List<Double> weights, RandomGenerator random) {
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double point = random.nextDouble() * total;
        for (int i = 0; i < weights.size(); i++) {
            point -= weights.get(i);
            if (point < 0) {
                return i;
            }
        }
        return weights.size() - 1;
    }
}
