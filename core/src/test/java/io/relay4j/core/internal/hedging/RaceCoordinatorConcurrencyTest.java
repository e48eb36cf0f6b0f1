package io.relay4j.core.internal.hedging;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Attempt.Kind;
import io.relay4j.core.testing.RaceThreads;
import io.relay4j.core.testing.SignalCounter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.test.util.RaceTestUtils;

/**
 * The hand-written race ({@link RaceCoordinator} behind {@link HedgedFlux}) under real concurrency: two
 * signals that may arrive on different threads at the same moment, raced many times with reactor-test's
 * {@link RaceTestUtils}. Each run ends with exactly one terminal signal downstream, every lane's end
 * reported once, and every lane's failure either passed on or dropped to the listener, never both, never
 * neither (a lost failure is a provider's half-open probe leaked, review finding 1).
 */
class RaceCoordinatorConcurrencyTest {

    private static final int RUNS = 2_000;
    private static final Duration DELAY = Duration.ofMillis(100);

    private static RaceThreads threads;
    private static Scheduler raceThreads;
    private VirtualTimeScheduler vts;

    @BeforeAll
    static void raceThreads() {
        threads = new RaceThreads();
        raceThreads = threads.scheduler();
    }

    @AfterAll
    static void stopRaceThreads() {
        threads.close();
    }

    @BeforeEach
    void virtualTime() {
        vts = VirtualTimeScheduler.getOrSet();
    }

    @AfterEach
    void realTime() {
        VirtualTimeScheduler.reset();
    }

    /** One lane: a call the test completes by hand, counting its cancels. */
    private static final class ManualLane {
        final String name;
        final Kind kind;
        final Sinks.One<String> sink = Sinks.one();
        final AtomicInteger cancels = new AtomicInteger();
        final RuntimeException failure;

        ManualLane(String name, Kind kind) {
            this.name = name;
            this.kind = kind;
            this.failure = new RuntimeException(name + " failed");
        }

        HedgedRace.Lane<String> lane() {
            return new HedgedRace.Lane<>(name, kind, sink.asMono().doOnCancel(cancels::incrementAndGet));
        }

        void answer() {
            sink.tryEmitValue(name);
        }

        void fail() {
            sink.tryEmitError(failure);
        }
    }

    private static final class Race {
        final ManualLane primary = new ManualLane("primary", Kind.PRIMARY);
        final ManualLane hedge = new ManualLane("hedge", Kind.HEDGE);
        final AtomicInteger hedgesAsked = new AtomicInteger();
        final RaceRecorder recorder = new RaceRecorder();
        final SignalCounter<String> downstream = new SignalCounter<>();

        Race start() {
            HedgeBudget budget = HedgedRaceTest.fundedBudget(1);
            Mono<String> race = HedgedRace.firstToAnswer(primary.lane(), () -> {
                hedgesAsked.incrementAndGet();
                return Optional.of(hedge.lane());
            }, new HedgedRace.Plan(DELAY, 1, budget), recorder);
            race.subscribe(downstream);
            return this;
        }

        /** Each lane that was started ended once, as cancelled, failed or answered; no lane twice. */
        void assertEveryLaneReportedOnce() {
            List<String> reported = recorder.ends().stream().map(HedgedRace.LaneEnd::provider).toList();
            assertThat(reported).doesNotHaveDuplicates();
            assertThat(reported).contains("primary");
            assertThat(reported.contains("hedge")).isEqualTo(hedgesAsked.get() == 1);
        }

        /**
         * A lane's failure went downstream or to the listener, never both, or the lane was cancelled first (a
         * cancel crossing the failure may do both: the router's call then records whichever closes it first).
         */
        void assertFailureSettledOnce(ManualLane lane) {
            long passedOn = downstream.error() == lane.failure ? 1 : 0;
            long dropped = recorder.dropped().stream().filter(e -> e == lane.failure).count();
            assertThat(passedOn + dropped).as(lane.name + "'s failure, passed on or dropped").isLessThanOrEqualTo(1);
            assertThat(passedOn + dropped + lane.cancels.get()).as(lane.name + "'s failure or cancel").isPositive();
        }
    }

    @Test
    void laneFailureAgainstTheOtherLanesAnswer() {
        for (int i = 0; i < RUNS; i++) {
            Race race = new Race().start();
            vts.advanceTimeBy(DELAY);
            assertThat(race.hedgesAsked).hasValue(1);

            RaceTestUtils.race(raceThreads, race.primary::fail, race.hedge::answer);

            assertThat(race.downstream.terminals()).isEqualTo(1);
            assertThat(race.downstream.completions()).isEqualTo(1);
            assertThat(race.downstream.value()).isEqualTo("hedge");
            assertThat(race.hedge.cancels).hasValue(0);
            race.assertFailureSettledOnce(race.primary);
            race.assertEveryLaneReportedOnce();
        }
    }

    @Test
    void bothLanesFailingAtOnceFailTheRaceWithOneFailureAndDropTheOther() {
        for (int i = 0; i < RUNS; i++) {
            Race race = new Race().start();
            vts.advanceTimeBy(DELAY);

            RaceTestUtils.race(raceThreads, race.primary::fail, race.hedge::fail);

            assertThat(race.downstream.terminals()).isEqualTo(1);
            assertThat(race.downstream.errors()).isEqualTo(1);
            assertThat(race.recorder.dropped()).hasSize(1);
            race.assertFailureSettledOnce(race.primary);
            race.assertFailureSettledOnce(race.hedge);
            race.assertEveryLaneReportedOnce();
        }
    }

    @Test
    void callerCancellingAgainstTheAnswer() {
        for (int i = 0; i < RUNS; i++) {
            Race race = new Race().start();

            RaceTestUtils.race(raceThreads, race.downstream::cancel, race.primary::answer);

            int values = race.downstream.values();
            assertThat(race.downstream.errors()).isEqualTo(0);
            // a cancel that lands after the answer may stop its completion, never repeat it
            assertThat(race.downstream.completions()).isLessThanOrEqualTo(values);
            assertThat(values + race.downstream.discarded()).as("answered or discarded, never both").isLessThanOrEqualTo(1);
            assertThat(values + race.downstream.discarded() + race.primary.cancels.get())
                    .as("answered, discarded or cancelled").isPositive();
            vts.advanceTimeBy(DELAY);
            assertThat(race.hedgesAsked).as("the hedge timer is disposed either way").hasValue(0);
            race.assertEveryLaneReportedOnce();
        }
    }

    @Test
    void callerCancellingAgainstALaneFailure() {
        for (int i = 0; i < RUNS; i++) {
            Race race = new Race().start();
            vts.advanceTimeBy(DELAY);

            RaceTestUtils.race(raceThreads, race.downstream::cancel, race.primary::fail);

            assertThat(race.downstream.terminals()).isZero();
            assertThat(race.hedge.cancels).hasValue(1);
            race.assertFailureSettledOnce(race.primary);
            race.assertEveryLaneReportedOnce();
        }
    }

    @Test
    void hedgeDeadlineAgainstThePrimarysAnswer() {
        for (int i = 0; i < RUNS; i++) {
            Race race = new Race().start();

            RaceTestUtils.race(raceThreads, () -> vts.advanceTimeBy(DELAY), race.primary::answer);

            assertThat(race.downstream.terminals()).isEqualTo(1);
            assertThat(race.downstream.value()).isEqualTo("primary");
            assertThat(race.hedgesAsked.get()).isLessThanOrEqualTo(1);
            assertThat(race.hedge.cancels).as("a hedge started too late is cancelled").hasValue(race.hedgesAsked.get());
            assertThat(race.recorder.dropped()).isEmpty();
            race.assertEveryLaneReportedOnce();
        }
    }

    @Test
    void hedgeDeadlineAgainstThePrimarysFailure() {
        for (int i = 0; i < RUNS; i++) {
            Race race = new Race().start();

            RaceTestUtils.race(raceThreads, () -> vts.advanceTimeBy(DELAY), race.primary::fail);
            if (race.downstream.terminals() == 0) {
                // the hedge started in time: the race waits for it
                race.hedge.answer();
                assertThat(race.downstream.value()).isEqualTo("hedge");
            }

            assertThat(race.downstream.terminals()).isEqualTo(1);
            race.assertFailureSettledOnce(race.primary);
            race.assertEveryLaneReportedOnce();
        }
    }
}
