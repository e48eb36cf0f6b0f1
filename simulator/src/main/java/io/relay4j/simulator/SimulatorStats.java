package io.relay4j.simulator;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of what a {@link SimulatorServer} has done since it started. Immutable; each counter is read
 * atomically, the snapshot as a whole is not a single instant under load.
 *
 * @param requestsReceived  every HTTP request, including rejected ones
 * @param answersCompleted  successful answers delivered to their end (full body, or stream with its end marker)
 * @param faultsInjected    faults decided, by type (absent types are zero)
 * @param cancellations     exchanges the client left before they were complete (including stalled streams)
 * @param authFailures      requests rejected with 401 because the vendor's auth header was missing
 * @param requestsInFlight  exchanges not finished yet
 * @param streamsInFlight   streaming responses being sent now
 */
public record SimulatorStats(
        long requestsReceived,
        long answersCompleted,
        Map<Fault, Long> faultsInjected,
        long cancellations,
        long authFailures,
        long requestsInFlight,
        long streamsInFlight) {

    /** Copies {@code faultsInjected} into an unmodifiable map in {@link Fault} order. */
    public SimulatorStats {
        Objects.requireNonNull(faultsInjected, "faultsInjected");
        faultsInjected = faultsInjected.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(faultsInjected));
    }

    /** How many times {@code fault} was injected. */
    public long faults(Fault fault) {
        return faultsInjected.getOrDefault(fault, 0L);
    }

    /** How many faults of any type were injected. */
    public long totalFaults() {
        return faultsInjected.values().stream().mapToLong(Long::longValue).sum();
    }
}
