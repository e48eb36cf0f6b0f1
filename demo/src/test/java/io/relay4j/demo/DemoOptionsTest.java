package io.relay4j.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.simulator.Fault;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void defaultsPlayTheStoryForAMinute() {
        DemoOptions options = DemoOptions.parse();
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.rate()).isEqualTo(25);
        assertThat(options.scenario()).isEqualTo("story");
        assertThat(options.report()).isEqualTo(Path.of("relay4j-demo-report.html"));
        assertThat(options.real()).isFalse();
        assertThat(options.agentShare()).isEqualTo(0.2);
    }

    @Test
    void optionsAreParsedAndChecked() {
        DemoOptions options = DemoOptions.parse("--duration=30s", "--rate=50", "--stream-share=0.25",
                "--scenario=chaos", "--report=out.html", "--real", "--agent-share=0.5");
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.rate()).isEqualTo(50);
        assertThat(options.streamShare()).isEqualTo(0.25);
        assertThat(options.agentShare()).isEqualTo(0.5);
        assertThat(options.scenario()).isEqualTo("chaos");
        assertThat(options.real()).isTrue();

        assertThatThrownBy(() -> DemoOptions.parse("--rate=0")).hasMessageContaining("--rate");
        assertThatThrownBy(() -> DemoOptions.parse("--agent-share=1.5")).hasMessageContaining("--agent-share");
        assertThatThrownBy(() -> DemoOptions.parse("--scenario=doom")).hasMessageContaining("story, steady or chaos");
        assertThatThrownBy(() -> DemoOptions.parse("--colour=blue")).hasMessageContaining("unknown option '--colour=blue'");
    }

    @Test
    void theStoryBansThePrimaryThenThrottlesTheSecondaryAndLiftsTheBan() {
        Scenario story = Scenario.of("story", Duration.ofSeconds(60));
        assertThat(story.markers()).extracting(HtmlReport.Marker::second).containsExactly(12, 21, 36, 48);
        assertThat(story.primary().schedule().faultAt(0, Duration.ofSeconds(20))).contains(Fault.BAN_403);
        assertThat(story.primary().schedule().faultAt(0, Duration.ofSeconds(40))).isEmpty();
        assertThat(story.secondary().schedule().faultAt(0, Duration.ofSeconds(22))).contains(Fault.RATE_LIMIT_429);
        assertThat(story.secondary().schedule().faultAt(0, Duration.ofSeconds(25))).isEmpty();
        assertThat(story.secondary().schedule().faultAt(0, Duration.ofSeconds(50))).isEmpty();
        assertThat(story.tertiary().schedule().isEmpty()).isTrue();
        assertThat(story.tertiary().faultRates()).isEmpty();
    }
}
