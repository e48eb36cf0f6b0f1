package io.relay4j.core.internal.strategy;

import io.relay4j.core.LlmProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Sorts candidates by a score, lowest first, keeping priority order among equal scores. Scores are read
 * once before sorting, so stats that change meanwhile cannot break the sort. Candidates without a score
 * go first or last, as the strategy decides, in priority order.
 */
final class RankedOrder {

    /** Where candidates without a score go. */
    enum Unscored { FIRST, LAST }

    private record Scored(LlmProvider provider, int priority, double score) {
    }

    private RankedOrder() {
    }

    static List<LlmProvider> byScore(List<LlmProvider> candidates, Function<LlmProvider, OptionalDouble> score,
                                     Unscored unscored) {
        List<LlmProvider> withoutScore = new ArrayList<>();
        List<Scored> scored = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            LlmProvider provider = candidates.get(i);
            OptionalDouble value = score.apply(provider);
            if (value.isPresent()) {
                scored.add(new Scored(provider, i, value.getAsDouble()));
            } else {
                withoutScore.add(provider);
            }
        }
        scored.sort(Comparator.comparingDouble(Scored::score).thenComparingInt(Scored::priority));
        List<LlmProvider> ordered = new ArrayList<>(candidates.size());
        if (unscored == Unscored.FIRST) {
            ordered.addAll(withoutScore);
        }
        scored.forEach(s -> ordered.add(s.provider()));
        if (unscored == Unscored.LAST) {
            ordered.addAll(withoutScore);
        }
        return List.copyOf(ordered);
    }
}
