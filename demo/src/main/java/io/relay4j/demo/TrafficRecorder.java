package io.relay4j.demo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Collects finished requests from any thread and, once a second, closes that second into a
 * {@link SecondStats} (called from the single ticker thread only).
 */
final class TrafficRecorder {

    static final int KEPT_MOVES = 5;

    private final Queue<Sample> pending = new ConcurrentLinkedQueue<>();
    private final List<SecondStats> seconds = new ArrayList<>();
    private final List<Double> allLatencies = new ArrayList<>();
    private int agentsSwitched;
    /** The stories of the conversations that moved, with the second they finished in; the first few only. */
    private final List<String> moves = new ArrayList<>();
    private final List<String> movesThisSecond = new ArrayList<>();

    void record(Sample sample) {
        pending.add(sample);
    }

    /** Closes the current second: everything recorded since the previous call. */
    SecondStats closeSecond() {
        movesThisSecond.clear();
        List<Sample> batch = new ArrayList<>();
        for (Sample s; (s = pending.poll()) != null; ) {
            batch.add(s);
        }
        Map<String, Integer> byProvider = new TreeMap<>();
        double[] latencies = new double[batch.size()];
        int failed = 0;
        int hedges = 0;
        int agents = 0;
        int agentsOk = 0;
        BigDecimal cost = BigDecimal.ZERO;
        for (int i = 0; i < batch.size(); i++) {
            Sample s = batch.get(i);
            latencies[i] = s.latencyMillis();
            allLatencies.add(s.latencyMillis());
            if (s.ok()) {
                byProvider.merge(s.servedBy().get(), 1, Integer::sum);
            } else {
                failed++;
            }
            hedges += s.hedges();
            if (s.agent()) {
                agents++;
                agentsOk += s.ok() ? 1 : 0;
                agentsSwitched += s.switched() ? 1 : 0;
                s.move().ifPresent(this::moved);
            }
            cost = cost.add(s.cost());
        }
        double p50 = Percentiles.of(latencies, 50);
        double p99 = Percentiles.of(latencies, 99);
        SecondStats stats = new SecondStats(seconds.size() + 1, batch.size(), failed, byProvider, p50, p99, hedges, cost, agents,
                agentsOk);
        seconds.add(stats);
        return stats;
    }

    private void moved(String story) {
        movesThisSecond.add(story);
        if (moves.size() < KEPT_MOVES) {
            moves.add("t=" + (seconds.size() + 1) + "s " + story);
        }
    }

    /** The stories of the conversations that moved to another vendor in the second last closed. */
    List<String> movesInLastSecond() {
        return List.copyOf(movesThisSecond);
    }

    /** The stories of the first {@value #KEPT_MOVES} conversations that moved, with the second each finished in. */
    List<String> moves() {
        return List.copyOf(moves);
    }

    /** Agent conversations so far whose final step was answered by another provider than their first step. */
    int agentsSwitched() {
        return agentsSwitched;
    }

    List<SecondStats> seconds() {
        return List.copyOf(seconds);
    }

    /** The p-th percentile latency over the whole run so far. */
    double overallPercentile(double p) {
        double[] values = allLatencies.stream().mapToDouble(Double::doubleValue).toArray();
        return Percentiles.of(values, p);
    }
}
