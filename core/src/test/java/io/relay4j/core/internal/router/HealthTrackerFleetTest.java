package io.relay4j.core.internal.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.ErrorType;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.health.EjectionReason;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.internal.health.EjectionGuard;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.core.router.OutlierConfig;
import io.relay4j.core.spi.HealthRecord;
import io.relay4j.core.testing.InJvmHealthStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

/** How one tracker applies the fleet's records to its view, on explicit clocks (nanos and wall milliseconds). */
class HealthTrackerFleetTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final long WALL = Instant.parse("2026-11-30T12:00:00Z").toEpochMilli();

    private final List<RouterEvent> events = new ArrayList<>();
    private final InJvmHealthStore store = new InJvmHealthStore();

    private HealthTracker tracker(EjectionGuard guard) {
        FleetLink fleet = new FleetLink(store);
        HealthTracker tracker = new HealthTracker("p", CooldownConfig.ofDefaults(), OutlierConfig.ofDefaults(), guard,
                events::add, fleet, Duration.ofSeconds(60));
        fleet.start(name -> null);
        return tracker;
    }

    private static HealthRecord cooldown(long atWall, long untilWall, EjectionReason reason) {
        return HealthRecord.builder("p", HealthState.COOLING_DOWN, Instant.ofEpochMilli(atWall))
                .until(Instant.ofEpochMilli(untilWall)).trips(1).consecutiveFailures(1)
                .lastError(ErrorType.SERVER_ERROR).reason(reason).build();
    }

    @Test
    void aRemoteCooldownIsTakenOnTheLocalClockWithItsReasonAndEvents() {
        HealthTracker tracker = tracker(EjectionGuard.unlimited());
        tracker.applyRemote(cooldown(WALL, WALL + 30_000, EjectionReason.IMMEDIATE), 0, WALL + 10_000);

        assertThat(tracker.snapshot(0).state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(tracker.snapshot(0).cooldownRemaining()).contains(Duration.ofSeconds(20));
        assertThat(tracker.tryAcquire(19 * SECOND)).isEqualTo(HealthTracker.SKIP_COOLING_DOWN);
        assertThat(events).hasAtLeastOneElementOfType(RouterEvent.ProviderEjected.class);
        assertThat(store.published()).as("what came from the fleet is not published back").isEmpty();
    }

    @Test
    void aCooldownThatIsAlreadyOverIsIgnored() {
        HealthTracker tracker = tracker(EjectionGuard.unlimited());
        tracker.applyRemote(cooldown(WALL, WALL + 30_000, EjectionReason.IMMEDIATE), 0, WALL + 31_000);
        assertThat(tracker.snapshot(0).state()).isEqualTo(HealthState.HEALTHY);
        assertThat(events).isEmpty();
    }

    @Test
    void aLaterDeadlineExtendsTheCooldownAndAnEarlierOneDoesNot() {
        HealthTracker tracker = tracker(EjectionGuard.unlimited());
        tracker.applyRemote(cooldown(WALL, WALL + 30_000, EjectionReason.IMMEDIATE), 0, WALL);
        tracker.applyRemote(cooldown(WALL + 1, WALL + 60_000, EjectionReason.IMMEDIATE), 0, WALL);
        assertThat(tracker.snapshot(0).cooldownRemaining()).contains(Duration.ofSeconds(60));
        tracker.applyRemote(cooldown(WALL + 2, WALL + 40_000, EjectionReason.IMMEDIATE), 0, WALL);
        assertThat(tracker.snapshot(0).cooldownRemaining()).contains(Duration.ofSeconds(60));
    }

    @Test
    void aRemoteOutlierEjectionNeedsRoomUnderThisRoutersCap() {
        EjectionGuard full = new EjectionGuard(() -> 2, 50);
        assertThat(full.tryEjectOutlier()).isTrue();
        HealthTracker tracker = tracker(full);

        tracker.applyRemote(cooldown(WALL, WALL + 30_000, EjectionReason.FAILURE_RATE), 0, WALL);
        assertThat(tracker.snapshot(0).state()).as("the cap is full: kept in rotation").isEqualTo(HealthState.HEALTHY);

        tracker.applyRemote(cooldown(WALL, WALL + 30_000, EjectionReason.IMMEDIATE), 0, WALL);
        assertThat(tracker.snapshot(0).state()).as("a ban is not capped").isEqualTo(HealthState.COOLING_DOWN);
    }

    @Test
    void aReturnFromTheFleetEndsTheCooldownUnlessThisViewWentOutAfterIt() {
        HealthTracker tracker = tracker(EjectionGuard.unlimited());
        tracker.applyRemote(cooldown(WALL, WALL + 30_000, EjectionReason.IMMEDIATE), 0, WALL);

        tracker.applyRemote(HealthRecord.builder("p", HealthState.HEALTHY, Instant.ofEpochMilli(WALL - 1)).build(),
                SECOND, WALL + 1_000);
        assertThat(tracker.snapshot(SECOND).state()).as("a return older than the trip").isEqualTo(HealthState.COOLING_DOWN);

        tracker.applyRemote(HealthRecord.builder("p", HealthState.HEALTHY, Instant.ofEpochMilli(WALL + 500)).build(),
                SECOND, WALL + 1_000);
        assertThat(tracker.snapshot(SECOND).state()).isEqualTo(HealthState.HEALTHY);
        assertThat(tracker.snapshot(SECOND).trafficShare()).as("back with a slow start, as after its own probe")
                .isLessThan(1);
    }

    @Test
    void aLocalTripIsPublishedWithItsWallClockDeadline() {
        HealthTracker tracker = tracker(EjectionGuard.unlimited());
        long now = 5 * SECOND;
        tracker.onFault(now, CooldownPlan.LONG, ErrorType.POLICY_VIOLATION);

        assertThat(store.published()).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(HealthState.COOLING_DOWN);
            assertThat(r.lastError()).contains(ErrorType.POLICY_VIOLATION);
            assertThat(Duration.between(r.at(), r.until())).isEqualTo(CooldownConfig.ofDefaults().longCooldown());
        });
    }

    @Test
    void changesWithinOneMillisecondReachTheFleetInTheirOrderAndAnEchoNeverUndoesALaterOne() {
        VirtualTimeScheduler.getOrSet(); // the wall clock stands still: every change below is in the same millisecond
        try {
            HealthTracker tracker = tracker(EjectionGuard.unlimited());
            tracker.disable();
            tracker.enable();
            tracker.disable();
            tracker.enable();

            List<HealthRecord> published = store.published();
            assertThat(published).extracting(HealthRecord::state).containsExactly(HealthState.DISABLED,
                    HealthState.HEALTHY, HealthState.DISABLED, HealthState.HEALTHY);
            for (int i = 1; i < published.size(); i++) {
                assertThat(published.get(i).at()).as("record %d", i).isAfter(published.get(i - 1).at());
            }

            // a store that delivers this instance's own records back late (as pub/sub does)
            long wall = Schedulers.parallel().now(TimeUnit.MILLISECONDS);
            tracker.applyRemote(published.get(2), 0, wall);
            assertThat(tracker.snapshot(0).state()).as("its own older disable, echoed").isEqualTo(HealthState.HEALTHY);
        } finally {
            VirtualTimeScheduler.reset();
        }
    }
}
