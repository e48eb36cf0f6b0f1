package io.relay4j.demo;

import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.FaultSchedule;
import io.relay4j.simulator.LatencyDistribution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The behaviour of the three simulated providers over one run, and the events to mark on the charts.
 * Times scale with the run's duration, so a shorter run plays the same story faster.
 */
record Scenario(Behaviour primary, Behaviour secondary, Behaviour tertiary, List<HtmlReport.Marker> markers) {

    static Scenario of(String name, Duration runLength) {
        Behaviour.Builder primary = base(11);
        Behaviour.Builder secondary = base(12);
        Behaviour.Builder tertiary = base(13);
        List<HtmlReport.Marker> markers = new ArrayList<>();
        switch (name) {
            case "story" -> {
                Duration banStart = at(runLength, 0.20);
                Duration banEnd = at(runLength, 0.60);
                Duration throttleStart = at(runLength, 0.35);
                Duration throttleEnd = at(runLength, 0.80);
                primary.schedule(FaultSchedule.builder().between(banStart, banEnd, Fault.BAN_403).build());
                // 429 bursts: 2 s of throttling every 6 s, each asking for a 3 s pause (longer than the
                // router waits in place, so it falls over and cools the secondary down for 3 s)
                FaultSchedule.Builder bursts = FaultSchedule.builder();
                for (Duration t = throttleStart; t.compareTo(throttleEnd) < 0; t = t.plusSeconds(6)) {
                    bursts.between(t, min(t.plusSeconds(2), throttleEnd), Fault.RATE_LIMIT_429);
                }
                secondary.retryAfter(Duration.ofSeconds(3)).schedule(bursts.build());
                markers.add(new HtmlReport.Marker(seconds(banStart), "primary banned (403)"));
                markers.add(new HtmlReport.Marker(seconds(throttleStart), "secondary throttles (429)"));
                markers.add(new HtmlReport.Marker(seconds(banEnd), "primary ban lifted"));
                markers.add(new HtmlReport.Marker(seconds(throttleEnd), "secondary throttling ends"));
            }
            case "chaos" -> {
                for (Behaviour.Builder b : List.of(primary, secondary)) {
                    b.faultRate(Fault.SERVER_ERROR_500, 0.04).faultRate(Fault.RATE_LIMIT_429, 0.04)
                            .faultRate(Fault.OVERLOADED_529, 0.03).faultRate(Fault.CONNECTION_RESET, 0.02)
                            .faultRate(Fault.MALFORMED_JSON, 0.02).faultRate(Fault.IN_STREAM_ERROR, 0.02)
                            .faultRate(Fault.HTML_ERROR_PAGE, 0.02).faultRate(Fault.TRUNCATED_STREAM, 0.02);
                }
                markers.add(new HtmlReport.Marker(1, "random faults on primary and secondary"));
            }
            default -> markers.add(new HtmlReport.Marker(1, "all providers healthy"));
        }
        return new Scenario(primary.build(), secondary.build(), tertiary.build(), List.copyOf(markers));
    }

    private static Behaviour.Builder base(long seed) {
        return Behaviour.builder()
                .latency(LatencyDistribution.heavyTail(LatencyDistribution.logNormal(Duration.ofMillis(80), 0.3),
                        LatencyDistribution.uniform(Duration.ofMillis(400), Duration.ofMillis(900)), 0.03))
                .tokenDelay(Duration.ofMillis(8))
                .answerTokens(24)
                .seed(seed);
    }

    private static Duration at(Duration runLength, double fraction) {
        return Duration.ofMillis((long) (runLength.toMillis() * fraction));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static int seconds(Duration d) {
        return (int) Math.max(1, d.toSeconds());
    }
}
