package io.relay4j.core.internal.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyEwmaTest {

    @Test
    void hasNoAverageBeforeTheFirstSample() {
        assertThat(LatencyEwma.withAlpha(0.5).average()).isEmpty();
    }

    @Test
    void firstSampleIsTheAverage() {
        LatencyEwma ewma = LatencyEwma.withAlpha(0.2);
        ewma.record(Duration.ofMillis(120));
        assertThat(ewma.average()).contains(Duration.ofMillis(120));
    }

    @Test
    void eachSampleMovesTheAverageByAlphaOfTheDistance() {
        LatencyEwma ewma = LatencyEwma.withAlpha(0.25);
        ewma.record(Duration.ofMillis(100));
        ewma.record(Duration.ofMillis(500));
        assertThat(ewma.average()).contains(Duration.ofMillis(200));
        ewma.record(Duration.ofMillis(200));
        assertThat(ewma.average()).contains(Duration.ofMillis(200));
    }

    @Test
    void halfLifeHalvesAnOldValuesWeightAfterThatManySamples() {
        LatencyEwma ewma = LatencyEwma.withHalfLife(4);
        ewma.record(Duration.ofMillis(1000));
        for (int i = 0; i < 4; i++) {
            ewma.record(Duration.ZERO);
        }
        assertThat(ewma.average().orElseThrow().toMillis()).isEqualTo(500);
    }

    @Test
    void rejectsAlphaOutsideZeroToOne() {
        assertThatThrownBy(() -> LatencyEwma.withAlpha(0)).hasMessageContaining("alpha must be in (0, 1]");
        assertThatThrownBy(() -> LatencyEwma.withAlpha(1.5)).hasMessageContaining("alpha must be in (0, 1]");
        assertThatThrownBy(() -> LatencyEwma.withHalfLife(0)).hasMessageContaining("at least 1 sample");
    }
}
