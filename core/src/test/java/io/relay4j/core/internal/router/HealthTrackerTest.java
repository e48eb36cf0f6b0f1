package io.relay4j.core.internal.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.ErrorType;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.router.CooldownConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The breaker's state machine on an explicit clock (nanoseconds given per call). */
class HealthTrackerTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final List<RouterEvent> events = new ArrayList<>();
    private final HealthTracker tracker = new HealthTracker("p", CooldownConfig.ofDefaults(), events::add);

    @Test
    void healthyProviderAdmitsEveryone() {
        assertThat(tracker.tryAcquire(0)).isEqualTo(HealthTracker.ADMITTED);
        assertThat(tracker.tryAcquire(0)).isEqualTo(HealthTracker.ADMITTED);
        assertThat(events).isEmpty();
    }

    @Test
    void backoffGrowsWithEachTripInARowUpToTheMax() {
        long now = 0;
        List<Duration> cooldowns = new ArrayList<>();
        for (int trip = 0; trip < 6; trip++) {
            tracker.onFault(now, CooldownPlan.BACKOFF, ErrorType.SERVER_ERROR);
            cooldowns.add(tracker.snapshot(now).cooldownRemaining().orElseThrow());
            now += tracker.remainingNanos(now);
            assertThat(tracker.tryAcquire(now)).as("probe token").isPositive();
        }
        assertThat(cooldowns).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    @Test
    void manyFailuresOfOneOutageDoNotGrowTheBackoff() {
        tracker.onFault(0, CooldownPlan.BACKOFF, ErrorType.SERVER_ERROR);
        for (int i = 0; i < 100; i++) {
            tracker.onFault(SECOND / 2, CooldownPlan.BACKOFF, ErrorType.SERVER_ERROR);
        }
        assertThat(tracker.snapshot(SECOND / 2).cooldownRemaining()).contains(Duration.ofSeconds(2));
        assertThat(tracker.snapshot(0).consecutiveFailures()).isEqualTo(101);
    }

    @Test
    void aLaterShorterTripKeepsTheLongerDeadline() {
        tracker.onFault(0, CooldownPlan.exactly(Duration.ofSeconds(20)), ErrorType.RATE_LIMITED);
        tracker.onFault(SECOND, CooldownPlan.exactly(Duration.ofSeconds(1)), ErrorType.RATE_LIMITED);

        assertThat(tracker.remainingNanos(SECOND)).isEqualTo(19 * SECOND);
    }

    @Test
    void aLaterLongerTripExtendsTheDeadline() {
        tracker.onFault(0, CooldownPlan.exactly(Duration.ofSeconds(2)), ErrorType.RATE_LIMITED);
        tracker.onFault(SECOND, CooldownPlan.LONG, ErrorType.POLICY_VIOLATION);

        assertThat(tracker.snapshot(SECOND).cooldownRemaining()).contains(Duration.ofMinutes(10));
        assertThat(tracker.snapshot(SECOND).lastError()).contains(ErrorType.POLICY_VIOLATION);
    }

    @Test
    void exactWaitsAreCappedAtTheLongCooldown() {
        tracker.onFault(0, CooldownPlan.exactly(Duration.ofDays(1)), ErrorType.RATE_LIMITED);

        assertThat(tracker.snapshot(0).cooldownRemaining()).contains(Duration.ofMinutes(10));
    }

    @Test
    void onlyOneProbeAtATimeAndOnlyItsHolderDecides() {
        tracker.onFault(0, CooldownPlan.BACKOFF, ErrorType.TIMEOUT);
        long after = 2 * SECOND;

        long probe = tracker.tryAcquire(after);
        assertThat(probe).isPositive();
        assertThat(tracker.tryAcquire(after)).isEqualTo(HealthTracker.SKIP_COOLING_DOWN);

        tracker.onSuccess(after, 0, false);
        tracker.releaseProbe(probe + 1);
        assertThat(tracker.tryAcquire(after)).as("a straggler does not end the probe").isEqualTo(HealthTracker.SKIP_COOLING_DOWN);

        tracker.onSuccess(after, probe, false);
        assertThat(tracker.snapshot(after).state()).isEqualTo(HealthState.HEALTHY);
        assertThat(events).filteredOn(RouterEvent.StateTransition.class::isInstance)
                .extracting(e -> ((RouterEvent.StateTransition) e).to())
                .containsExactly(HealthState.COOLING_DOWN, HealthState.HALF_OPEN, HealthState.HEALTHY);
    }

    @Test
    void releasedProbeLetsTheNextRequestProbe() {
        tracker.onFault(0, CooldownPlan.BACKOFF, ErrorType.TIMEOUT);
        long probe = tracker.tryAcquire(2 * SECOND);

        tracker.releaseProbe(probe);

        long next = tracker.tryAcquire(2 * SECOND);
        assertThat(next).isPositive().isNotEqualTo(probe);
    }

    @Test
    void aStragglerSuccessDoesNotCutACooldownShortButAPanicCallDoes() {
        tracker.onFault(0, CooldownPlan.exactly(Duration.ofSeconds(30)), ErrorType.RATE_LIMITED);

        tracker.onSuccess(SECOND, HealthTracker.ADMITTED, false);
        assertThat(tracker.snapshot(SECOND).state()).isEqualTo(HealthState.COOLING_DOWN);

        tracker.onSuccess(SECOND, HealthTracker.ADMITTED, true);
        assertThat(tracker.snapshot(SECOND).state()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void disabledStaysDisabledThroughFailuresAndComesBackHealthy() {
        tracker.disable();
        tracker.onFault(0, CooldownPlan.LONG, ErrorType.POLICY_VIOLATION);
        assertThat(tracker.tryAcquire(0)).isEqualTo(HealthTracker.SKIP_DISABLED);
        assertThat(tracker.remainingNanos(0)).isEqualTo(Long.MAX_VALUE);

        tracker.enable();
        assertThat(tracker.tryAcquire(0)).isEqualTo(HealthTracker.ADMITTED);
        assertThat(tracker.snapshot(0).consecutiveFailures()).isZero();
    }

    @Test
    void noCooldownMeansNoChange() {
        tracker.onFault(0, CooldownPlan.NONE, ErrorType.CONTEXT_LENGTH_EXCEEDED);

        assertThat(tracker.snapshot(0).state()).isEqualTo(HealthState.HEALTHY);
        assertThat(events).isEmpty();
    }
}
