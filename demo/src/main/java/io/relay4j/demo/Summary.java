package io.relay4j.demo;

import io.relay4j.simulator.Fault;
import io.relay4j.simulator.SimulatorStats;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The end-of-run table: what the router answered, who served it, and what reached each simulator. */
final class Summary {

    private final List<String[]> rows;
    private final List<String> footer;

    private Summary(List<String[]> rows, List<String> footer) {
        this.rows = rows;
        this.footer = footer;
    }

    static Summary of(TrafficRecorder recorder, List<String> providers, TrafficDriver driver,
                      List<Map.Entry<String, SimulatorStats>> simulators) {
        List<SecondStats> seconds = recorder.seconds();
        long requests = 0;
        long failed = 0;
        long hedges = 0;
        long agents = 0;
        long agentsOk = 0;
        BigDecimal cost = BigDecimal.ZERO;
        long[] served = new long[providers.size()];
        for (SecondStats s : seconds) {
            requests += s.requests();
            failed += s.failed();
            hedges += s.hedges();
            agents += s.agents();
            agentsOk += s.agentsOk();
            cost = cost.add(s.cost());
            for (int i = 0; i < providers.size(); i++) {
                served[i] += s.byProvider().getOrDefault(providers.get(i), 0);
            }
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"provider", "answers", "share", "requests seen", "faults injected", "cancelled by client"});
        for (int i = 0; i < providers.size(); i++) {
            SimulatorStats sim = simulators.get(i).getValue();
            long faults = sim.faultsInjected().values().stream().mapToLong(Long::longValue).sum();
            rows.add(new String[] {providers.get(i), Long.toString(served[i]),
                    percent(requests == 0 ? 0 : served[i] / (double) requests),
                    Long.toString(sim.requestsReceived()), faults + describe(sim.faultsInjected()),
                    Long.toString(sim.cancellations())});
        }
        List<String> footer = new ArrayList<>();
        footer.add(String.format(Locale.ROOT, "requests %d, answered %d, failed %d (success %s)", requests,
                requests - failed, failed, percent(requests == 0 ? 1 : (requests - failed) / (double) requests)));
        footer.add(String.format(Locale.ROOT, "latency p50 %.0f ms, p95 %.0f ms, p99 %.0f ms; hedges %d; cost $%s",
                recorder.overallPercentile(50), recorder.overallPercentile(95), recorder.overallPercentile(99),
                hedges, cost.setScale(5, RoundingMode.HALF_UP).toPlainString()));
        footer.add(String.format(Locale.ROOT, "agent conversations (ask with a tool, run it, send the result, answer): "
                + "%d, %d ok, %d failed; %d finished on another provider than the one that made the tool calls",
                agents, agentsOk, agents - agentsOk, recorder.agentsSwitched()));
        recorder.moves().forEach(story -> footer.add("  " + story));
        footer.add("attempt errors seen by the router (recovered by failover unless marked final): "
                + driver.failuresByType());
        rows.add(new String[] {"total", Long.toString(requests - failed), percent(requests == 0 ? 1 : (requests - failed) / (double) requests),
                "", "", ""});
        return new Summary(rows, footer);
    }

    private static String describe(Map<Fault, Long> faults) {
        StringBuilder sb = new StringBuilder();
        faults.forEach((f, n) -> {
            if (n > 0) {
                sb.append(sb.length() == 0 ? " (" : ", ").append(f.name().toLowerCase(Locale.ROOT)).append(' ').append(n);
            }
        });
        return sb.length() == 0 ? "" : sb.append(')').toString();
    }

    private static String percent(double d) {
        return String.format(Locale.ROOT, "%.2f%%", d * 100);
    }

    List<String[]> rows() {
        List<String[]> all = new ArrayList<>(rows);
        footer.forEach(line -> all.add(new String[] {line, "", "", "", "", ""}));
        return all;
    }

    void print(PrintStream out) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format(Locale.ROOT, i == 0 ? "%-" + widths[i] + "s" : "  %" + widths[i] + "s", row[i]));
            }
            out.println(line);
        }
        footer.forEach(out::println);
    }
}
