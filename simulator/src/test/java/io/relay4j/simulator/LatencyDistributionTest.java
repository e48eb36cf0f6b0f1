package io.relay4j.simulator;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LatencyDistributionTest {

    private static long[] samplesMillis(LatencyDistribution distribution, long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        return IntStream.range(0, count).mapToLong(i -> distribution.sample(random).toMillis()).toArray();
    }

    @Test
    void fixedAndNoneAlwaysGiveTheSameDelay() {
        assertThat(samplesMillis(LatencyDistribution.fixed(ofMillis(250)), 1, 5)).containsOnly(250);
        assertThat(LatencyDistribution.none().sample(new SplittableRandom())).isEqualTo(Duration.ZERO);
    }

    @Test
    void uniformStaysWithinItsBoundsAndRepeatsForTheSameSeed() {
        LatencyDistribution uniform = LatencyDistribution.uniform(ofMillis(100), ofMillis(200));

        long[] samples = samplesMillis(uniform, 7, 1000);

        assertThat(Arrays.stream(samples).max().getAsLong()).isBetween(190L, 199L);
        assertThat(Arrays.stream(samples).min().getAsLong()).isBetween(100L, 110L);
        assertThat(samplesMillis(uniform, 7, 1000)).isEqualTo(samples);
        assertThat(samplesMillis(LatencyDistribution.uniform(ofMillis(5), ofMillis(5)), 1, 3)).containsOnly(5);
    }

    @Test
    void logNormalIsCentredOnItsMedianWithALongRightTail() {
        long[] samples = samplesMillis(LatencyDistribution.logNormal(ofMillis(300), 0.5), 3, 10_001);
        Arrays.sort(samples);

        assertThat(samples[5_000]).isBetween(285L, 315L);
        // p99 of a log-normal with sigma 0.5 is exp(2.326 * 0.5) = 3.2 times the median
        assertThat(samples[9_900]).isBetween(870L, 1050L);
    }

    @Test
    void heavyTailSendsTheGivenShareOfRequestsToTheSlowMode() {
        long[] samples = samplesMillis(LatencyDistribution.heavyTail(ofMillis(100), Duration.ofSeconds(2), 0.05), 5, 20_000);

        long slow = Arrays.stream(samples).filter(ms -> ms > 700).count();
        assertThat(slow / 20_000.0).isBetween(0.04, 0.06);
    }

    @Test
    void invalidParametersAreRejectedWithWhatToFix() {
        assertThatThrownBy(() -> LatencyDistribution.fixed(ofMillis(-1))).hasMessageContaining("delay must not be negative");
        assertThatThrownBy(() -> LatencyDistribution.uniform(ofMillis(5), ofMillis(1))).hasMessageContaining("min <= max");
        assertThatThrownBy(() -> LatencyDistribution.logNormal(ofMillis(5), Double.NaN)).hasMessageContaining("sigma");
        assertThatThrownBy(() -> LatencyDistribution.heavyTail(ofMillis(1), ofMillis(2), 1.5))
                .hasMessageContaining("tailProbability must be between 0 and 1");
    }
}
