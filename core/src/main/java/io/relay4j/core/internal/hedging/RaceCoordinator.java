package io.relay4j.core.internal.hedging;

import io.relay4j.core.Attempt;
import io.relay4j.core.internal.timer.Deadlines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * One subscription's race. The race state (calls running, hedges started, whether it is decided) changes
 * only under {@code lock}, in short sections that never call out; subscribing, cancelling and emitting
 * happen outside it. What reaches the downstream is serialized by a drain loop: the winner's first element
 * waits there for demand, after which the downstream's demand goes straight to the winner. A first element
 * that the downstream cancelled before it could take is discarded ({@link Operators#onDiscard}), never lost.
 *
 * <p>Every call's failure reaches someone exactly once: the failure the race fails with goes downstream, and
 * each other one (a call that failed while another ran on, or failed after the race was decided or
 * cancelled) goes to {@link HedgedRace.RaceListener#onFailureDropped}, once the race is decided, so that
 * what it held (a provider's half-open probe, a fault to count) is not lost with it.
 */
final class RaceCoordinator<T> implements Subscription {

    private static final Object COMPLETE = new Object();

    private final CoreSubscriber<? super T> actual;
    private final HedgedRace.HedgeSource<T> hedges;
    private final HedgedRace.Plan plan;
    private final HedgedRace.RaceListener listener;
    private final Deadlines.Timer timer;
    private final Disposable.Swap hedgeTimer = Disposables.swap();

    private final Object lock = new Object();
    private final List<Contender> running = new ArrayList<>();
    private boolean decided;
    private int hedgeSlotsUsed;
    private int hedgesBeingStarted;
    /** Failures of calls while the race was undecided, in order; the last is the race's if no call wins. */
    private List<Throwable> failures = List.of();

    private volatile Contender winner;
    private volatile T pendingFirst;
    private volatile boolean firstDelivered;
    private volatile Object terminal;
    private volatile boolean terminalDelivered;
    private volatile boolean cancelled;
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();

    RaceCoordinator(CoreSubscriber<? super T> actual, HedgedRace.HedgeSource<T> hedges, HedgedRace.Plan plan,
                    HedgedRace.RaceListener listener, Deadlines.Timer timer) {
        this.actual = actual;
        this.hedges = hedges;
        this.plan = plan;
        this.listener = listener;
        this.timer = timer;
    }

    void start(HedgedRace.Lane<T> primary) {
        launch(primary, false);
        scheduleHedge();
    }

    // ---- downstream ----

    @Override
    public void request(long n) {
        if (Operators.validate(n)) {
            requested.getAndUpdate(r -> Operators.addCap(r, n));
            drain();
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        List<Contender> toCancel;
        List<Throwable> dropped;
        synchronized (lock) {
            decided = true;
            toCancel = new ArrayList<>(running);
            running.clear();
            dropped = takeFailures(0);
        }
        hedgeTimer.dispose();
        Contender w = winner;
        if (w != null) {
            w.cancel();
        }
        toCancel.forEach(Contender::cancel);
        dropped(dropped);
        drain();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            if (cancelled) {
                T undelivered = pendingFirst;
                if (undelivered != null) {
                    // the winner's answer arrived as the caller went away: whoever shaped it must release it
                    pendingFirst = null;
                    Operators.onDiscard(undelivered, actual.currentContext());
                }
            } else if (!terminalDelivered) {
                T first = pendingFirst;
                if (first != null && requested.get() > 0) {
                    pendingFirst = null;
                    firstDelivered = true;
                    requested.decrementAndGet();
                    actual.onNext(first);
                }
                if (firstDelivered) {
                    long demand = requested.getAndSet(0);
                    if (demand > 0) {
                        winner.request(demand);
                    }
                }
                Object end = terminal;
                if (end != null && pendingFirst == null) {
                    terminalDelivered = true;
                    if (end == COMPLETE) {
                        actual.onComplete();
                    } else {
                        actual.onError((Throwable) end);
                    }
                }
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void terminate(Object signal) {
        terminal = signal;
        drain();
    }

    // ---- hedges ----

    private void scheduleHedge() {
        synchronized (lock) {
            if (decided || hedgeSlotsUsed >= plan.maxHedges()) {
                return;
            }
        }
        hedgeTimer.update(timer.schedule(this::onHedgeDue, plan.delay().toNanos(), TimeUnit.NANOSECONDS));
    }

    private void onHedgeDue() {
        synchronized (lock) {
            if (decided) {
                return;
            }
            hedgeSlotsUsed++;
            hedgesBeingStarted++;
        }
        Optional<HedgedRace.Lane<T>> hedge = Optional.empty();
        if (plan.budget().tryAcquire()) {
            hedge = nextHedgeOrNone();
            if (hedge.isEmpty()) {
                plan.budget().refund();
            }
        }
        if (hedge.isPresent()) {
            launch(hedge.get(), true);
            scheduleHedge();
        } else {
            noHedgeStarted();
        }
    }

    /** A failing hedge source must not leave the race waiting for a hedge that never starts. */
    private Optional<HedgedRace.Lane<T>> nextHedgeOrNone() {
        try {
            return hedges.nextHedge();
        } catch (RuntimeException e) {
            Operators.onErrorDropped(e, actual.currentContext());
            return Optional.empty();
        }
    }

    /** A hedge slot passed without a hedge: over budget, or no provider left. Later slots may still fire. */
    private void noHedgeStarted() {
        Throwable failure = null;
        List<Throwable> dropped = List.of();
        synchronized (lock) {
            hedgesBeingStarted--;
            if (!decided && running.isEmpty() && hedgesBeingStarted == 0 && !failures.isEmpty()) {
                decided = true;
                failure = failures.get(failures.size() - 1);
                dropped = takeFailures(1);
            }
        }
        if (failure != null) {
            dropped(dropped);
            terminate(failure);
        } else {
            scheduleHedge();
        }
    }

    private void launch(HedgedRace.Lane<T> lane, boolean hedge) {
        Contender contender = new Contender(lane, timer.nanos());
        boolean raceOver;
        synchronized (lock) {
            if (hedge) {
                hedgesBeingStarted--;
            }
            raceOver = decided;
            if (!raceOver) {
                running.add(contender);
            }
        }
        lane.call().subscribe(contender);
        if (raceOver) {
            contender.cancel();
        }
    }

    // ---- what the calls report ----

    private void onFirstSignal(Contender contender, T value) {
        List<Contender> losers = null;
        List<Throwable> dropped = List.of();
        synchronized (lock) {
            if (!decided) {
                decided = true;
                winner = contender;
                running.remove(contender);
                losers = new ArrayList<>(running);
                running.clear();
                dropped = takeFailures(0);
            }
        }
        if (losers == null) {
            // another call won meanwhile: this call's answer is not the race's, whoever shaped it releases it
            contender.cancel();
            if (value != null) {
                Operators.onDiscard(value, actual.currentContext());
            }
            return;
        }
        hedgeTimer.dispose();
        losers.forEach(Contender::cancel);
        dropped(dropped);
        if (value != null) {
            pendingFirst = value;
            drain();
        }
    }

    private void onCallFailed(Contender contender, Throwable error) {
        boolean raceFailed = false;
        List<Throwable> dropped;
        synchronized (lock) {
            if (running.remove(contender) && !decided) {
                if (running.isEmpty() && hedgesBeingStarted == 0) {
                    decided = true;
                    raceFailed = true;
                    dropped = takeFailures(0);
                } else {
                    if (failures.isEmpty()) {
                        failures = new ArrayList<>(2);
                    }
                    failures.add(error);
                    dropped = List.of();
                }
            } else {
                // the race was decided (won or cancelled) before this call's failure arrived
                dropped = List.of(error);
            }
        }
        dropped(dropped);
        if (raceFailed) {
            hedgeTimer.dispose();
            terminate(error);
        }
    }

    /** Under {@code lock}: the failures so far but the last {@code keep}, and none from now on. */
    private List<Throwable> takeFailures(int keep) {
        List<Throwable> taken = failures.subList(0, failures.size() - keep);
        failures = List.of();
        return taken;
    }

    private void dropped(List<Throwable> errors) {
        for (Throwable error : errors) {
            try {
                listener.onFailureDropped(error);
            } catch (RuntimeException e) {
                Operators.onErrorDropped(e, actual.currentContext());
            }
        }
    }

    private void report(Contender contender, Attempt.Outcome outcome, Throwable error) {
        Duration elapsed = Duration.ofNanos(timer.nanos() - contender.startNanos);
        listener.onLaneEnd(new HedgedRace.LaneEnd(contender.lane.provider(), contender.lane.kind(), outcome,
                winner == contender, elapsed, Optional.ofNullable(error)));
    }

    /**
     * One call in the race: asks for its first element only, until it wins. A cancel may cross the call's
     * own signal on another thread; what arrives after the race cancelled the call is not lost: an element
     * is discarded, a failure is dropped to the listener (the call may have decided something, such as to
     * keep its provider's probe for a retry, that now nobody will act on).
     */
    private final class Contender implements CoreSubscriber<T> {

        private final HedgedRace.Lane<T> lane;
        private final long startNanos;
        private final AtomicBoolean reported = new AtomicBoolean();
        private final AtomicReference<Subscription> upstream = new AtomicReference<>();

        Contender(HedgedRace.Lane<T> lane, long startNanos) {
            this.lane = lane;
            this.startNanos = startNanos;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            if (upstream.compareAndSet(null, subscription)) {
                subscription.request(1);
            } else {
                subscription.cancel();
            }
        }

        void request(long n) {
            Subscription s = upstream.get();
            if (s != null && s != Operators.cancelledSubscription()) {
                s.request(n);
            }
        }

        void cancel() {
            Subscription s = upstream.getAndSet(Operators.cancelledSubscription());
            if (s != Operators.cancelledSubscription()) {
                end(Attempt.Outcome.CANCELLED, null);
                if (s != null) {
                    s.cancel();
                }
            }
        }

        private boolean cancelledOrDone() {
            return upstream.get() == Operators.cancelledSubscription();
        }

        /** Marks the call ended by its own signal; false when the race had cancelled it first. */
        private boolean terminated() {
            return upstream.getAndSet(Operators.cancelledSubscription()) != Operators.cancelledSubscription();
        }

        @Override
        public void onNext(T value) {
            if (cancelledOrDone()) {
                Operators.onDiscard(value, actual.currentContext());
            } else if (winner == this) {
                actual.onNext(value);
            } else {
                onFirstSignal(this, value);
            }
        }

        @Override
        public void onComplete() {
            if (!terminated()) {
                return;
            }
            if (winner != this) {
                onFirstSignal(this, null);
            }
            end(Attempt.Outcome.SUCCESS, null);
            if (winner == this) {
                terminate(COMPLETE);
            }
        }

        @Override
        public void onError(Throwable error) {
            if (!terminated()) {
                // cancelled as it failed: its failure is not the race's, and must not vanish
                dropped(List.of(error));
                return;
            }
            end(Attempt.Outcome.FAILED, error);
            if (winner == this) {
                terminate(error);
            } else {
                onCallFailed(this, error);
            }
        }

        private void end(Attempt.Outcome outcome, Throwable error) {
            if (reported.compareAndSet(false, true)) {
                report(this, outcome, error);
            }
        }
    }
}
