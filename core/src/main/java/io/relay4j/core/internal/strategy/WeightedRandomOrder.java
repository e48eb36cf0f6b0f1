package io.relay4j.core.internal.strategy;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Picks the first provider at random in proportion to its weight, so traffic splits as the weights say
 * (weights 3 and 1: three quarters of requests start on the first). The fallback order is made of further
 * weighted draws among the providers not yet drawn, so a heavier provider tends to come earlier as
 * fallback too. Providers without a weight (or weight 0) are never drawn: they come last, in priority
 * order, as fallback only.
 */
public final class WeightedRandomOrder implements ProviderOrder {

    private final Map<String, Double> weights;

    /** @param weights relative weights by provider name; each finite and not negative */
    public WeightedRandomOrder(Map<String, Double> weights) {
        weights.forEach((name, weight) -> {
            if (weight == null || !Double.isFinite(weight) || weight < 0) {
                throw new IllegalArgumentException("weight of " + name + " must be a finite number >= 0, was "
                        + weight);
            }
        });
        this.weights = Map.copyOf(weights);
    }

    @Override
    public List<LlmProvider> order(LlmRequest request, List<LlmProvider> candidates, ProviderStatsRegistry stats,
                                   RandomGenerator random) {
        List<LlmProvider> drawable = new ArrayList<>();
        List<LlmProvider> unweighted = new ArrayList<>();
        for (LlmProvider candidate : candidates) {
            (weightOf(candidate) > 0 ? drawable : unweighted).add(candidate);
        }
        List<LlmProvider> ordered = new ArrayList<>(candidates.size());
        while (!drawable.isEmpty()) {
            ordered.add(drawable.remove(draw(drawable, random)));
        }
        ordered.addAll(unweighted);
        return List.copyOf(ordered);
    }

    private int draw(List<LlmProvider> drawable, RandomGenerator random) {
        double total = 0;
        for (LlmProvider p : drawable) {
            total += weightOf(p);
        }
        double point = random.nextDouble() * total;
        for (int i = 0; i < drawable.size(); i++) {
            point -= weightOf(drawable.get(i));
            if (point < 0) {
                return i;
            }
        }
        return drawable.size() - 1;
    }

    private double weightOf(LlmProvider provider) {
        return weights.getOrDefault(provider.name(), 0.0);
    }
}
