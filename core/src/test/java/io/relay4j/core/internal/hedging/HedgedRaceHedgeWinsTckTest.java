package io.relay4j.core.internal.hedging;

import io.relay4j.core.Attempt.Kind;
import io.relay4j.core.testing.DueAtOnceScheduler;
import io.relay4j.core.testing.Tck;
import java.time.Duration;
import java.util.Optional;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import reactor.core.publisher.Flux;

/**
 * The Reactive Streams TCK's publisher rules against a hedged race that a hedge wins: the primary never
 * answers, the hedge timer is due at once ({@link DueAtOnceScheduler}), so every race starts its hedge as
 * it starts, the hedge's first element decides the race, the primary is cancelled and the hedge's stream is
 * relayed to the end. The failed publisher is a race whose primary fails before its hedge is due, with no
 * other call running: the race fails with that error and starts no hedge.
 */
public class HedgedRaceHedgeWinsTckTest extends PublisherVerification<Long> {

    private static final int HEDGES_PER_PUBLISHER = 16;

    public HedgedRaceHedgeWinsTckTest() {
        super(Tck.environment());
    }

    @BeforeClass
    public void hedgesAreDueAtOnce() {
        DueAtOnceScheduler.install();
    }

    @AfterClass(alwaysRun = true)
    public void restoreSchedulers() {
        DueAtOnceScheduler.uninstall();
    }

    @Override
    public Publisher<Long> createPublisher(long elements) {
        return race(Flux.never(), Tck.numbers(elements));
    }

    @Override
    public Publisher<Long> createFailedPublisher() {
        return race(Flux.error(new IllegalStateException("the primary failed")), Flux.never());
    }

    /** One less than unbounded: the TCK then also runs its rules that need the race to complete. */
    @Override
    public long maxElementsFromPublisher() {
        return Long.MAX_VALUE - 1;
    }

    /**
     * The budget is the router's, shared by every race: the TCK subscribes to one publisher several times (and
     * must see each subscription's hedge start), so this publisher's budget holds more hedges than it asks for.
     */
    private static Flux<Long> race(Flux<Long> primary, Flux<Long> hedge) {
        return HedgedRace.firstToEmit(new HedgedRace.Lane<>("primary", Kind.PRIMARY, primary),
                () -> Optional.of(new HedgedRace.Lane<>("backup", Kind.HEDGE, hedge)),
                new HedgedRace.Plan(Duration.ofMillis(1), 1, HedgedRaceTest.fundedBudget(HEDGES_PER_PUBLISHER)),
                HedgedRace.RaceListener.NONE);
    }
}
