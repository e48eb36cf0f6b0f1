package io.relay4j.core.internal.hedging;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** The publisher of one {@link HedgedRace}: each subscription runs its own race. */
final class HedgedFlux<T> extends Flux<T> {

    private final HedgedRace.Lane<T> primary;
    private final HedgedRace.HedgeSource<T> hedges;
    private final HedgedRace.Plan plan;
    private final HedgedRace.RaceListener listener;

    HedgedFlux(HedgedRace.Lane<T> primary, HedgedRace.HedgeSource<T> hedges, HedgedRace.Plan plan,
               HedgedRace.RaceListener listener) {
        this.primary = primary;
        this.hedges = hedges;
        this.plan = plan;
        this.listener = listener;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        // the scheduler is looked up per subscription so that a virtual-time scheduler installed by a test applies
        RaceCoordinator<T> race = new RaceCoordinator<>(actual, hedges, plan, listener, Schedulers.parallel());
        actual.onSubscribe(race);
        race.start(primary);
    }
}
