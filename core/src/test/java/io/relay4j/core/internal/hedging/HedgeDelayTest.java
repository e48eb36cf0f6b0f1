package io.relay4j.core.internal.hedging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.internal.strategy.LatencyWindow;
import io.relay4j.core.router.HedgingConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HedgeDelayTest {

    @Test
    void fixedDelayIgnoresTheSamples() {
        HedgeDelay delay = new HedgeDelay(HedgingConfig.custom().fixedDelay(Duration.ofMillis(250)).build());
        assertThat(delay.forSamples(samples(100, 5_000))).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void percentileDelayFollowsThePrimarysRecentLatency() {
        HedgeDelay delay = new HedgeDelay(p95Between(10, 3_000));
        assertThat(delay.forSamples(samples(100, 400))).isEqualTo(Duration.ofMillis(380));
    }

    @Test
    void percentileDelayIsRaisedToTheFloor() {
        HedgeDelay delay = new HedgeDelay(p95Between(500, 3_000));
        assertThat(delay.forSamples(samples(100, 400))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void percentileDelayIsCappedAtTheCeiling() {
        HedgeDelay delay = new HedgeDelay(p95Between(10, 200));
        assertThat(delay.forSamples(samples(100, 400))).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void tooFewSamplesWaitTheCeiling() {
        HedgeDelay delay = new HedgeDelay(p95Between(10, 2_000));
        assertThat(delay.forSamples(samples(19, 100))).isEqualTo(Duration.ofMillis(2_000));
        assertThat(delay.forSamples(new LatencyWindow(8))).isEqualTo(Duration.ofMillis(2_000));
    }

    @Test
    void disabledHedgingHasNoDelay() {
        assertThatThrownBy(() -> new HedgeDelay(HedgingConfig.ofDefaults())).hasMessageContaining("disabled");
    }

    private static HedgingConfig p95Between(long floorMillis, long ceilingMillis) {
        return HedgingConfig.custom()
                .percentileDelay(95, Duration.ofMillis(floorMillis), Duration.ofMillis(ceilingMillis))
                .build();
    }

    /** {@code count} samples of 20ms, 40ms, ... spread evenly up to {@code maxMillis}. */
    private static LatencyWindow samples(int count, long maxMillis) {
        LatencyWindow window = new LatencyWindow(128);
        for (int i = 1; i <= count; i++) {
            window.record(Duration.ofMillis(maxMillis * i / count));
        }
        return window;
    }
}
