package io.relay4j.core.internal.hedging;

import io.relay4j.core.Attempt;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects how each call of a race ended, and the failures it did not pass on, for assertions. */
final class RaceRecorder implements HedgedRace.RaceListener {

    private final List<HedgedRace.LaneEnd> ends = new CopyOnWriteArrayList<>();
    private final List<Throwable> dropped = new CopyOnWriteArrayList<>();

    @Override
    public void onLaneEnd(HedgedRace.LaneEnd end) {
        ends.add(end);
    }

    @Override
    public void onFailureDropped(Throwable error) {
        dropped.add(error);
    }

    /** The failures the race did not pass on, in the order it reported them. */
    List<Throwable> dropped() {
        return List.copyOf(dropped);
    }

    List<HedgedRace.LaneEnd> ends() {
        return List.copyOf(ends);
    }

    HedgedRace.LaneEnd of(String provider) {
        return ends.stream().filter(e -> e.provider().equals(provider)).findFirst()
                .orElseThrow(() -> new AssertionError("no report for " + provider + " in " + ends));
    }

    /** "provider:KIND:OUTCOME[:won]" per call, in the order they ended. */
    List<String> summary() {
        return ends.stream().map(e -> e.provider() + ":" + e.kind() + ":" + e.outcome() + (e.won() ? ":won" : ""))
                .toList();
    }

    static String line(String provider, Attempt.Kind kind, Attempt.Outcome outcome, boolean won) {
        return provider + ":" + kind + ":" + outcome + (won ? ":won" : "");
    }
}
