package io.relay4j.core.internal.hedging;

import io.relay4j.core.Attempt.Kind;
import io.relay4j.core.testing.Tck;
import java.time.Duration;
import java.util.Optional;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The Reactive Streams TCK's publisher rules against a hedged race ({@link HedgedFlux} and its
 * {@link RaceCoordinator}) that its primary wins: the race holds the winner's first element until the
 * consumer asks, then hands the consumer's demand to the winner. A hedge is armed for every race but never
 * due (virtual time that nobody advances), so the race also disposes of its hedge timer on every end. The
 * failed publisher is a race whose only call fails: the race itself decides to fail with that call's error.
 */
public class HedgedRacePrimaryWinsTckTest extends PublisherVerification<Long> {

    public HedgedRacePrimaryWinsTckTest() {
        super(Tck.environment());
    }

    @BeforeClass
    public void installVirtualTime() {
        VirtualTimeScheduler.getOrSet();
    }

    @AfterClass(alwaysRun = true)
    public void restoreRealTime() {
        VirtualTimeScheduler.reset();
    }

    @Override
    public Publisher<Long> createPublisher(long elements) {
        return race(Tck.numbers(elements));
    }

    @Override
    public Publisher<Long> createFailedPublisher() {
        return HedgedRace.firstToEmit(new HedgedRace.Lane<>("primary", Kind.PRIMARY,
                        Flux.<Long>error(new IllegalStateException("the only call failed"))),
                Optional::empty, new HedgedRace.Plan(Duration.ofHours(1), 0, HedgedRaceTest.fundedBudget(1)),
                HedgedRace.RaceListener.NONE);
    }

    /** One less than unbounded: the TCK then also runs its rules that need the race to complete. */
    @Override
    public long maxElementsFromPublisher() {
        return Long.MAX_VALUE - 1;
    }

    private static Flux<Long> race(Flux<Long> primary) {
        return HedgedRace.firstToEmit(new HedgedRace.Lane<>("primary", Kind.PRIMARY, primary),
                () -> Optional.of(new HedgedRace.Lane<>("backup", Kind.HEDGE, Flux.never())),
                new HedgedRace.Plan(Duration.ofHours(1), 1, HedgedRaceTest.fundedBudget(1)),
                HedgedRace.RaceListener.NONE);
    }
}
