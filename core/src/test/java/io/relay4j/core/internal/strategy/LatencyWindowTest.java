package io.relay4j.core.internal.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyWindowTest {

    @Test
    void emptyWindowHasNoPercentile() {
        assertThat(new LatencyWindow(8).percentile(95)).isEmpty();
    }

    @Test
    void percentilesUseTheNearestRank() {
        LatencyWindow window = new LatencyWindow(100);
        List<Integer> millis = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            millis.add(i);
        }
        Collections.shuffle(millis, new Random(7));
        millis.forEach(ms -> window.record(Duration.ofMillis(ms)));

        assertThat(window.size()).isEqualTo(100);
        assertThat(window.percentile(50)).contains(Duration.ofMillis(50));
        assertThat(window.percentile(95)).contains(Duration.ofMillis(95));
        assertThat(window.percentile(99.5)).contains(Duration.ofMillis(100));
        assertThat(window.percentile(100)).contains(Duration.ofMillis(100));
        assertThat(window.percentile(0.1)).contains(Duration.ofMillis(1));
    }

    @Test
    void fullWindowForgetsItsOldestSamples() {
        LatencyWindow window = new LatencyWindow(4);
        for (int ms : new int[] {900, 800, 3, 4, 1, 2}) {
            window.record(Duration.ofMillis(ms));
        }
        assertThat(window.size()).isEqualTo(4);
        assertThat(window.percentile(100)).contains(Duration.ofMillis(4));
        assertThat(window.percentile(50)).contains(Duration.ofMillis(2));
    }

    @Test
    void percentileOfManyDuplicatesIsExact() {
        LatencyWindow window = new LatencyWindow(64);
        for (int i = 0; i < 64; i++) {
            window.record(Duration.ofMillis(i < 60 ? 100 : 2000));
        }
        assertThat(window.percentile(90)).contains(Duration.ofMillis(100));
        assertThat(window.percentile(95)).contains(Duration.ofMillis(2000));
    }

    @Test
    void rejectsPercentilesOutsideTheRange() {
        LatencyWindow window = new LatencyWindow(4);
        assertThatThrownBy(() -> window.percentile(0)).hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> window.percentile(101)).hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> new LatencyWindow(0)).hasMessageContaining("at least 1");
    }
}
