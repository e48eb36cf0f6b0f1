package io.relay4j.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficRecorderTest {

    private static Sample ok(String provider, double ms) {
        return new Sample(Optional.of(provider), ms, false, 0, new BigDecimal("0.001"), false, false, false,
                Optional.empty());
    }

    @Test
    void secondSummarisesOnlyWhatFinishedSinceTheLastTick() {
        TrafficRecorder recorder = new TrafficRecorder();
        for (int i = 1; i <= 100; i++) {
            recorder.record(ok(i <= 75 ? "primary" : "secondary", i));
        }
        recorder.record(new Sample(Optional.empty(), 500, true, 1, BigDecimal.ZERO, true, false, false, Optional.empty()));

        SecondStats first = recorder.closeSecond();
        assertThat(first.second()).isEqualTo(1);
        assertThat(first.requests()).isEqualTo(101);
        assertThat(first.failed()).isEqualTo(1);
        assertThat(first.byProvider()).containsEntry("primary", 75).containsEntry("secondary", 25);
        assertThat(first.p50Millis()).isEqualTo(51.0);
        assertThat(first.p99Millis()).isEqualTo(100.0);
        assertThat(first.hedges()).isEqualTo(1);
        assertThat(first.cost()).isEqualByComparingTo("0.100");

        assertThat(first.agents()).isZero();

        SecondStats second = recorder.closeSecond();
        assertThat(second.second()).isEqualTo(2);
        assertThat(second.requests()).isZero();
        assertThat(second.p50Millis()).isNaN();
        assertThat(second.successRate()).isEqualTo(1.0);
        assertThat(recorder.overallPercentile(50)).isEqualTo(51.0);
    }

    private static final String MOVED = "conversation #7 moved anthropic -> openai at turn 2, ids kept (toolu_1)";

    @Test
    void agentConversationsAreCountedWithTheirOutcomeAndProviderSwitches() {
        TrafficRecorder recorder = new TrafficRecorder();
        recorder.record(new Sample(Optional.of("openai"), 40, false, 0, BigDecimal.ZERO, true, true, true,
                Optional.of(MOVED)));
        recorder.record(new Sample(Optional.of("anthropic"), 30, true, 0, BigDecimal.ZERO, false, true, false, Optional.empty()));
        recorder.record(new Sample(Optional.empty(), 90, false, 0, BigDecimal.ZERO, false, true, false, Optional.empty()));
        recorder.record(ok("anthropic", 10));

        SecondStats stats = recorder.closeSecond();

        assertThat(stats.requests()).isEqualTo(4);
        assertThat(stats.agents()).isEqualTo(3);
        assertThat(stats.agentsOk()).isEqualTo(2);
        assertThat(recorder.agentsSwitched()).isEqualTo(1);
        assertThat(recorder.movesInLastSecond()).containsExactly(MOVED);
        assertThat(recorder.moves()).containsExactly("t=1s " + MOVED);
        assertThat(DemoMain.LiveLine.moves(recorder.movesInLastSecond())).singleElement().asString()
                .contains("conversation #7 moved anthropic -> openai at turn 2, ids kept");
        recorder.closeSecond();
        assertThat(recorder.movesInLastSecond()).isEmpty();
    }

    @Test
    void reportIsSelfContainedHtmlWithBothChartsAndEscapedText(@TempDir Path dir) throws Exception {
        TrafficRecorder recorder = new TrafficRecorder();
        recorder.record(ok("primary", 10));
        recorder.closeSecond();
        recorder.record(ok("secondary", 20));
        recorder.closeSecond();
        Path file = dir.resolve("report.html");

        HtmlReport.write(file, "run <1>", List.of("primary", "secondary"), recorder.seconds(),
                List.of(new HtmlReport.Marker(2, "primary banned (403)")),
                List.of(new String[] {"provider", "answers"}, new String[] {"primary", "1"}));

        String html = Files.readString(file);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("run &lt;1&gt;")
                .contains("Traffic share per provider").contains("Latency percentiles")
                .contains("primary banned (403)").doesNotContain("<script");
        assertThat(html.split("<svg xmlns", -1)).hasSize(3);
        assertThat(html).contains("<polygon").contains("<polyline");
    }
}
