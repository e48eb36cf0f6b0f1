package io.relay4j.core.internal.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.ErrorType;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.health.EjectionReason;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.health.ProviderHealth;
import io.relay4j.core.internal.health.EjectionGuard;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.core.router.OutlierConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Outlier thresholds, the ejection cap and the slow start of one tracker, on an explicit clock. */
class HealthTrackerOutlierTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final List<RouterEvent> events = new ArrayList<>();

    private HealthTracker tracker(OutlierConfig outliers, EjectionGuard guard) {
        return new HealthTracker("p", CooldownConfig.ofDefaults(), outliers, guard, events::add);
    }

    private HealthTracker tracker(OutlierConfig outliers) {
        return tracker(outliers, EjectionGuard.unlimited());
    }

    /** A call that failed with noise and left the provider, as the router reports it. */
    private static void noise(HealthTracker tracker, long now) {
        tracker.onFailure(now, CooldownPlan.OUTLIER, ErrorType.SERVER_ERROR, HealthTracker.ADMITTED);
        tracker.onLeft(now, CooldownPlan.OUTLIER, ErrorType.SERVER_ERROR, HealthTracker.ADMITTED);
    }

    @Test
    void theFailureRateEjectsOnlyOnceTheWindowHoldsTheMinimumVolume() {
        HealthTracker tracker = tracker(OutlierConfig.custom().consecutiveFailures(1000).build());
        for (int i = 0; i < 9; i++) {
            noise(tracker, 0);
            tracker.onSuccess(0, HealthTracker.ADMITTED, false);
        }
        noise(tracker, 0);
        assertThat(tracker.snapshot(0).state()).as("10 of 19 failed, below the minimum volume of 20")
                .isEqualTo(HealthState.HEALTHY);
        assertThat(tracker.snapshot(0).windowFailureRate()).isEqualTo(10.0 / 19);

        tracker.onSuccess(0, HealthTracker.ADMITTED, false);
        noise(tracker, 0);

        ProviderHealth health = tracker.snapshot(0);
        assertThat(health.state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(health.reason()).contains(EjectionReason.FAILURE_RATE);
        assertThat(health.lastError()).contains(ErrorType.SERVER_ERROR);
        assertThat(health.cooldownRemaining()).contains(Duration.ofSeconds(2));
    }

    @Test
    void aFailureRateBelowTheThresholdNeverEjects() {
        HealthTracker tracker = tracker(OutlierConfig.ofDefaults());
        for (int i = 0; i < 1000; i++) {
            if (i % 3 == 0) {
                noise(tracker, i * SECOND / 100);
            } else {
                tracker.onSuccess(i * SECOND / 100, HealthTracker.ADMITTED, false);
            }
        }
        assertThat(tracker.snapshot(10 * SECOND).state()).isEqualTo(HealthState.HEALTHY);
        assertThat(events).isEmpty();
    }

    @Test
    void failuresInARowEjectBeforeTheMinimumVolume() {
        HealthTracker tracker = tracker(OutlierConfig.ofDefaults());
        for (int i = 0; i < 4; i++) {
            noise(tracker, 0);
        }
        assertThat(tracker.snapshot(0).state()).isEqualTo(HealthState.HEALTHY);
        assertThat(tracker.snapshot(0).consecutiveFailures()).isEqualTo(4);

        noise(tracker, 0);

        assertThat(tracker.snapshot(0).state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(tracker.snapshot(0).reason()).contains(EjectionReason.CONSECUTIVE_FAILURES);
        assertThat(tracker.snapshot(0).consecutiveFailures()).isEqualTo(5);
        assertThat(events).filteredOn(RouterEvent.ProviderEjected.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((RouterEvent.ProviderEjected) e).reason())
                        .isEqualTo(EjectionReason.CONSECUTIVE_FAILURES));
    }

    @Test
    void aFaultThatEjectsAtOnceDoesNotWaitForTheWindow() {
        HealthTracker tracker = tracker(OutlierConfig.ofDefaults());

        tracker.onFailure(0, CooldownPlan.LONG, ErrorType.POLICY_VIOLATION, HealthTracker.ADMITTED);
        tracker.onLeft(0, CooldownPlan.LONG, ErrorType.POLICY_VIOLATION, HealthTracker.ADMITTED);

        ProviderHealth health = tracker.snapshot(0);
        assertThat(health.state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(health.reason()).contains(EjectionReason.IMMEDIATE);
        assertThat(health.lastError()).contains(ErrorType.POLICY_VIOLATION);
        assertThat(health.windowFailureRate()).as("not noise: the window is not involved").isZero();
    }

    @Test
    void aRateLimitIsOutForItsWaitWithItsOwnReason() {
        HealthTracker tracker = tracker(OutlierConfig.ofDefaults());

        tracker.onLeft(0, CooldownPlan.exactly(Duration.ofSeconds(7)), ErrorType.RATE_LIMITED, HealthTracker.ADMITTED);

        assertThat(tracker.snapshot(0).reason()).contains(EjectionReason.RATE_LIMITED);
        assertThat(tracker.snapshot(0).cooldownRemaining()).contains(Duration.ofSeconds(7));
    }

    @Test
    void aFullCapKeepsAnOutlierIn() {
        EjectionGuard guard = new EjectionGuard(() -> 2, 50);
        guard.ejected();
        HealthTracker tracker = tracker(OutlierConfig.ofDefaults(), guard);

        for (int i = 0; i < 10; i++) {
            noise(tracker, 0);
        }

        assertThat(tracker.snapshot(0).state()).isEqualTo(HealthState.HEALTHY);
        guard.returned();
        noise(tracker, 0);
        assertThat(tracker.snapshot(0).state()).as("the cap has room again").isEqualTo(HealthState.COOLING_DOWN);
        assertThat(guard.out()).isEqualTo(1);
    }

    @Test
    void aFailedProbeEjectsAgainAtOnceEvenForNoise() {
        HealthTracker tracker = tracker(OutlierConfig.custom().consecutiveFailures(1).build());
        noise(tracker, 0);
        long probe = tracker.tryAcquire(2 * SECOND);

        tracker.onFailure(2 * SECOND, CooldownPlan.OUTLIER, ErrorType.SERVER_ERROR, probe);
        tracker.onLeft(2 * SECOND, CooldownPlan.OUTLIER, ErrorType.SERVER_ERROR, probe);

        ProviderHealth health = tracker.snapshot(2 * SECOND);
        assertThat(health.state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(health.reason()).contains(EjectionReason.PROBE_FAILED);
        assertThat(health.cooldownRemaining()).contains(Duration.ofSeconds(4));
        assertThat(health.consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void aProviderBackFromACooldownStartsWithACleanWindowAndRampsUpLinearly() {
        EjectionGuard guard = new EjectionGuard(() -> 2, 50);
        HealthTracker tracker = tracker(OutlierConfig.custom().consecutiveFailures(1).build(), guard);
        noise(tracker, 0);
        assertThat(guard.out()).isEqualTo(1);
        long probe = tracker.tryAcquire(2 * SECOND);

        tracker.onSuccess(2 * SECOND, probe, false);

        assertThat(guard.out()).isZero();
        assertThat(tracker.ramping()).isTrue();
        ProviderHealth back = tracker.snapshot(2 * SECOND);
        assertThat(back.state()).isEqualTo(HealthState.HEALTHY);
        assertThat(back.windowFailureRate()).isZero();
        assertThat(back.reason()).isEmpty();
        assertThat(back.trafficShare()).as("the minimum share").isEqualTo(0.1);
        assertThat(tracker.trafficShare(2 * SECOND + 15 * SECOND)).isEqualTo(0.5);
        assertThat(tracker.trafficShare(2 * SECOND + 30 * SECOND)).isEqualTo(1.0);
        assertThat(events).filteredOn(RouterEvent.ProviderReturned.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((RouterEvent.ProviderReturned) e).slowStart())
                        .isEqualTo(Duration.ofSeconds(30)));
    }

    @Test
    void aMoreAggressiveSlowStartGrowsFasterEarly() {
        HealthTracker tracker = new HealthTracker("p", CooldownConfig.custom().slowStartAggression(2).build(),
                OutlierConfig.custom().consecutiveFailures(1).build(), EjectionGuard.unlimited(), events::add);
        noise(tracker, 0);
        tracker.onSuccess(2 * SECOND, tracker.tryAcquire(2 * SECOND), false);

        assertThat(tracker.trafficShare(2 * SECOND + 7_500_000_000L)).isEqualTo(0.5);
    }

    @Test
    void theLeadIsSpreadEvenlyAtTheShare() {
        HealthTracker tracker = tracker(OutlierConfig.custom().consecutiveFailures(1).build());
        noise(tracker, 0);
        tracker.onSuccess(2 * SECOND, tracker.tryAcquire(2 * SECOND), false);

        long at = 2 * SECOND + 9 * SECOND;
        int leads = 0;
        for (int i = 0; i < 1000; i++) {
            leads += tracker.takesLead(at) ? 1 : 0;
        }
        assertThat(leads).as("30 % of 1000").isBetween(295, 305);
        assertThat(tracker.takesLead(2 * SECOND + 30 * SECOND)).isTrue();
        assertThat(tracker.ramping()).as("the slow start ended").isFalse();
    }

    @Test
    void noSlowStartWhenItIsZero() {
        HealthTracker tracker = new HealthTracker("p", CooldownConfig.custom().slowStart(Duration.ZERO).build(),
                OutlierConfig.custom().consecutiveFailures(1).build(), EjectionGuard.unlimited(), events::add);
        noise(tracker, 0);
        tracker.onSuccess(2 * SECOND, tracker.tryAcquire(2 * SECOND), false);

        assertThat(tracker.ramping()).isFalse();
        assertThat(tracker.trafficShare(2 * SECOND)).isEqualTo(1.0);
    }

    @Test
    void aRemovedProviderLeavesTheCap() {
        EjectionGuard guard = new EjectionGuard(() -> 3, 50);
        HealthTracker tracker = tracker(OutlierConfig.custom().consecutiveFailures(1).build(), guard);
        noise(tracker, 0);
        assertThat(guard.out()).isEqualTo(1);

        tracker.detach();

        assertThat(guard.out()).isZero();
    }
}
