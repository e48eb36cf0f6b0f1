package io.relay4j.core.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The outlier window on an explicit clock: count eviction, time eviction, failures in a row, clearing. */
class OutcomeWindowTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final OutcomeWindow window = new OutcomeWindow(10, 30 * SECOND);

    @Test
    void anEmptyWindowHasNoCallsAndNoFailureRate() {
        assertThat(OutcomeWindow.calls(window.counts(0))).isZero();
        assertThat(window.failureRate(0)).isZero();
    }

    @Test
    void countsCallsAndFailuresIncludingThoseAtTimeZero() {
        window.success(0);
        window.failure(0);
        window.failure(SECOND);

        long counts = window.counts(SECOND);
        assertThat(OutcomeWindow.calls(counts)).isEqualTo(3);
        assertThat(OutcomeWindow.failures(counts)).isEqualTo(2);
        assertThat(window.failureRate(SECOND)).isEqualTo(2.0 / 3);
    }

    @Test
    void onlyTheLastSizeCallsCount() {
        for (int i = 0; i < 10; i++) {
            window.success(0);
        }
        for (int i = 0; i < 5; i++) {
            window.failure(0);
        }

        long counts = window.counts(0);
        assertThat(OutcomeWindow.calls(counts)).as("the five oldest successes were pushed out").isEqualTo(10);
        assertThat(OutcomeWindow.failures(counts)).isEqualTo(5);
        assertThat(window.failureRate(0)).isEqualTo(0.5);
    }

    @Test
    void callsOlderThanTheSpanDropOut() {
        window.failure(0);
        window.failure(0);
        window.success(20 * SECOND);

        assertThat(OutcomeWindow.calls(window.counts(30 * SECOND))).isEqualTo(3);
        long later = window.counts(30 * SECOND + 1);
        assertThat(OutcomeWindow.calls(later)).isEqualTo(1);
        assertThat(OutcomeWindow.failures(later)).isZero();
    }

    @Test
    void failuresInARowEndAtASuccess() {
        assertThat(window.failure(0)).isEqualTo(1);
        assertThat(window.failure(0)).isEqualTo(2);
        window.success(0);
        assertThat(window.consecutiveFailures()).isZero();
        assertThat(window.failure(0)).isEqualTo(1);
    }

    @Test
    void clearingForgetsEverything() {
        window.failure(0);
        window.failure(0);

        window.clear();

        assertThat(OutcomeWindow.calls(window.counts(0))).isZero();
        assertThat(window.consecutiveFailures()).isZero();
        window.success(0);
        assertThat(OutcomeWindow.calls(window.counts(0))).isEqualTo(1);
    }
}
