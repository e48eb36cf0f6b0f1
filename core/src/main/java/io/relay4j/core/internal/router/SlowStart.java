package io.relay4j.core.internal.router;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies the providers' slow starts to a request's candidate order: a provider ramping back after a cooldown
 * keeps its place for only its {@linkplain HealthTracker#trafficShare share} of the requests; for the others it
 * moves one place down, behind the provider that follows it, and stays their first fallback. The strategy's order
 * is otherwise untouched, and a request without a ramping provider gets the same list back (no allocation).
 */
final class SlowStart {

    private SlowStart() {
    }

    static List<ProviderSlot> apply(List<ProviderSlot> ordered, long now) {
        List<ProviderSlot> result = ordered;
        for (int i = 0; i < ordered.size() - 1; i++) {
            ProviderSlot slot = result.get(i);
            if (!slot.health().ramping() || slot.health().takesLead(now)) {
                continue;
            }
            if (result == ordered) {
                result = new ArrayList<>(ordered);
            }
            result.set(i, result.get(i + 1));
            result.set(i + 1, slot);
            // the provider moved behind is not weighed again for this request
            i++;
        }
        return result;
    }
}
