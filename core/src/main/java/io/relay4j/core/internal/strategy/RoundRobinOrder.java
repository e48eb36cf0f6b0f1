package io.relay4j.core.internal.strategy;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Each request starts one place further along the candidate list (an atomic counter, so concurrent
 * requests spread evenly); the fallback order continues along the list from there and wraps around.
 * With candidates [a, b, c] the orders are [a, b, c], [b, c, a], [c, a, b], [a, b, c], ...
 * A skipped provider's turn goes to the one after it, which then gets that request too.
 */
public final class RoundRobinOrder implements ProviderOrder {

    private final AtomicLong turns = new AtomicLong();

    @Override
    public List<LlmProvider> order(LlmRequest request, List<LlmProvider> candidates, ProviderStatsRegistry stats,
                                   RandomGenerator random) {
        int n = candidates.size();
        if (n == 0) {
            return List.of();
        }
        int start = (int) Math.floorMod(turns.getAndIncrement(), (long) n);
        List<LlmProvider> ordered = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ordered.add(candidates.get((start + i) % n));
        }
        return List.copyOf(ordered);
    }
}
