package io.relay4j.core.internal.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.RateLimitInfo;
import io.relay4j.core.event.RouterEvent.ConcurrencyLimitChanged.Cause;
import io.relay4j.core.router.AdaptiveConcurrency;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The AIMD arithmetic, driven by explicit times (nanoseconds on a made-up clock): no real time passes. */
class AimdLimitTest {

    private static final long MS = 1_000_000L;

    private final AtomicInteger published = new AtomicInteger();
    private long now = 1_000 * MS;

    private AimdLimit limit(AdaptiveConcurrency config) {
        return new AimdLimit(config, published::set);
    }

    private static AdaptiveConcurrency config(int min, int max, int initial) {
        return AdaptiveConcurrency.custom().limits(min, max).initialLimit(initial).build();
    }

    /** One successful whole answer that took 100 ms, with {@code inFlight} calls in progress. */
    private AimdLimit.Change success(AimdLimit aimd, int inFlight) {
        now += MS;
        return aimd.succeeded(now - 100 * MS, now, 100 * MS, false, inFlight);
    }

    @Test
    void startsAtTheInitialLimitAndPublishesIt() {
        AimdLimit aimd = limit(config(1, 50, 8));

        assertThat(aimd.limit()).isEqualTo(8);
        assertThat(published).hasValue(8);
    }

    @Test
    void growsByAboutOnePerLimitsWorthOfSuccessesWhileTheLimitIsInUse() {
        AimdLimit aimd = limit(config(1, 50, 4));

        AimdLimit.Change first = null;
        int successes = 0;
        while (first == null) {
            first = success(aimd, 4);
            successes++;
        }

        assertThat(successes).as("1/estimate per success (4, 4.25, 4.49, 4.71, 4.92): five make one more slot")
                .isEqualTo(5);
        assertThat(first).isEqualTo(new AimdLimit.Change(4, 5, Cause.INCREASED));
        assertThat(published).hasValue(5);
    }

    @Test
    void anIdleProviderDoesNotGrowItsLimit() {
        AimdLimit aimd = limit(config(1, 50, 10));

        for (int i = 0; i < 100; i++) {
            assertThat(success(aimd, 4)).as("4 in flight of 10: under half in use").isNull();
        }
        assertThat(aimd.limit()).isEqualTo(10);
    }

    @Test
    void neverGrowsAboveTheMaximum() {
        AimdLimit aimd = limit(config(1, 6, 5));

        for (int i = 0; i < 1_000; i++) {
            success(aimd, 6);
        }
        assertThat(aimd.limit()).isEqualTo(6);
    }

    @Test
    void aThrottleCutsTheLimitByTheBackoffRatio() {
        AimdLimit aimd = limit(config(1, 100, 20));

        AimdLimit.Change change = aimd.throttled(now - 50 * MS, now);

        assertThat(change).isEqualTo(new AimdLimit.Change(20, 10, Cause.THROTTLED));
        assertThat(published).hasValue(10);
    }

    @Test
    void throttlesOfCallsSentBeforeTheLastCutCountAsOne() {
        AimdLimit aimd = limit(config(1, 100, 20));
        long burstStart = now - 50 * MS;
        aimd.throttled(burstStart, now);

        now += 10 * MS;
        assertThat(aimd.throttled(burstStart, now)).as("sent under the old limit").isNull();
        assertThat(aimd.limit()).isEqualTo(10);

        long sentAfterTheCut = now;
        now += 80 * MS;
        assertThat(aimd.throttled(sentAfterTheCut, now)).isEqualTo(new AimdLimit.Change(10, 5, Cause.THROTTLED));
    }

    @Test
    void neverFallsBelowTheMinimum() {
        AimdLimit aimd = limit(config(3, 100, 20));

        for (int i = 0; i < 20; i++) {
            long start = now;
            now += 100 * MS;
            aimd.throttled(start, now);
        }

        assertThat(aimd.limit()).isEqualTo(3);
        assertThat(published).hasValue(3);
    }

    @Test
    void aSustainedLatencyRiseLowersTheLimitByATenth() {
        AimdLimit aimd = limit(config(1, 100, 40));
        for (int i = 0; i < 50; i++) {
            success(aimd, 10);
        }
        assertThat(aimd.limit()).as("10 of 40 in flight: no growth").isEqualTo(40);

        AimdLimit.Change change = null;
        int slow = 0;
        while (change == null && slow < 20) {
            now += MS;
            change = aimd.succeeded(now - 400 * MS, now, 400 * MS, false, 10);
            slow++;
        }

        assertThat(change).isEqualTo(new AimdLimit.Change(40, 36, Cause.LATENCY));
        assertThat(slow).as("a few slow answers, not the first one").isBetween(2, 10);
    }

    @Test
    void oneSlowAnswerAmongFastOnesIsNoRise() {
        AimdLimit aimd = limit(config(1, 100, 40));
        for (int i = 0; i < 50; i++) {
            success(aimd, 10);
        }
        now += MS;
        assertThat(aimd.succeeded(now - 180 * MS, now, 180 * MS, false, 10)).isNull();
        for (int i = 0; i < 50; i++) {
            assertThat(success(aimd, 10)).isNull();
        }
        assertThat(aimd.limit()).isEqualTo(40);
    }

    @Test
    void streamsFirstTokensAreFollowedApartFromWholeAnswers() {
        AimdLimit aimd = limit(config(1, 100, 40));
        for (int i = 0; i < 50; i++) {
            success(aimd, 10);
        }
        // a stream's first token comes after 10 ms, a whole answer's after 100: neither is a rise for the other
        for (int i = 0; i < 50; i++) {
            now += MS;
            assertThat(aimd.succeeded(now - 10 * MS, now, 10 * MS, true, 10)).isNull();
            assertThat(success(aimd, 10)).isNull();
        }
        assertThat(aimd.limit()).isEqualTo(40);
    }

    @Test
    void latencyIsIgnoredWithAnInfiniteTolerance() {
        AimdLimit aimd = limit(AdaptiveConcurrency.custom().limits(1, 100).initialLimit(40)
                .latencyTolerance(Double.POSITIVE_INFINITY).build());
        for (int i = 0; i < 50; i++) {
            success(aimd, 10);
        }
        for (int i = 0; i < 50; i++) {
            now += MS;
            assertThat(aimd.succeeded(now - 5_000 * MS, now, 5_000 * MS, false, 10)).isNull();
        }
    }

    @Test
    void rateLimitHeadersNearlySpentLowerTheLimitBeforeTheVendorThrottles() {
        AimdLimit aimd = limit(config(1, 100, 20));

        assertThat(aimd.rateLimitReported(requests(60, 1000), now - 50 * MS, now))
                .as("6% left: above the 5% headroom").isNull();
        assertThat(aimd.rateLimitReported(tokens(4_000, 100_000), now - 50 * MS, now))
                .isEqualTo(new AimdLimit.Change(20, 10, Cause.RATE_LIMIT_HEADERS));
    }

    @Test
    void aCounterAtZeroLowersTheLimitEvenWithoutAStatedWindow() {
        AimdLimit aimd = limit(AdaptiveConcurrency.custom().limits(1, 100).initialLimit(20).rateLimitHeadroom(0)
                .build());
        RateLimitInfo remainingOnly = new RateLimitInfo(OptionalLong.empty(), OptionalLong.of(0), Optional.empty(),
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty());

        assertThat(aimd.rateLimitReported(requests(1, 1000), now - 50 * MS, now)).as("headroom 0: one left is fine")
                .isNull();
        assertThat(aimd.rateLimitReported(remainingOnly, now - 50 * MS, now)).isNotNull();
        assertThat(aimd.limit()).isEqualTo(10);
    }

    private static RateLimitInfo requests(long remaining, long limit) {
        return new RateLimitInfo(OptionalLong.of(limit), OptionalLong.of(remaining), Optional.of(Duration.ofSeconds(1)),
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty());
    }

    private static RateLimitInfo tokens(long remaining, long limit) {
        return new RateLimitInfo(OptionalLong.empty(), OptionalLong.empty(), Optional.empty(),
                OptionalLong.of(limit), OptionalLong.of(remaining), Optional.of(Duration.ofSeconds(6)));
    }
}
