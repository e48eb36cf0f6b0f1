package io.relay4j.core.internal.hedging;

import io.relay4j.core.internal.timer.Deadlines;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;

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
        // looked up per subscription, as Schedulers.parallel() would be: a virtual-time scheduler installed by a
        // test, or an application's scheduler factory, applies; otherwise the hedge timer goes on the timer wheel
        RaceCoordinator<T> race = new RaceCoordinator<>(actual, hedges, plan, listener, Deadlines.current());
        actual.onSubscribe(race);
        race.start(primary);
    }
}
