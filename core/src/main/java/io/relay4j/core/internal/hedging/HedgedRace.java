package io.relay4j.core.internal.hedging;

import io.relay4j.core.Attempt;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hedged requests: start the primary call; each time the hedge delay passes without an answer, and the
 * budget allows, start a backup call (a hedge) to the next provider; the first call to answer wins and
 * every other call still running is cancelled (the cancel reaches the provider's call). A call that fails
 * while another can still answer does not fail the race; the race fails, with the last failure, only when
 * every call started has failed and no hedge is being started. Each other failure goes to
 * {@link RaceListener#onFailureDropped} once the race is decided; an answer that lost the race, or that the
 * caller cancelled before taking it, is discarded through Reactor's discard hook
 * ({@code Flux.doOnDiscard} downstream of the race), so whatever the call holds can be released. Hedge timers run where
 * {@link io.relay4j.core.internal.timer.Deadlines} puts them: the router's timer wheel, or a replaced
 * {@code Schedulers.parallel()} (so virtual time drives them in tests).
 *
 * <p>How it ends is reported per call through a {@link RaceListener}: kind (primary, hedge, ...),
 * outcome (success, failed, cancelled) and whether it won. Hedges are reported with the kind their
 * {@link Lane} carries, normally {@link Attempt.Kind#HEDGE}.
 *
 * <p>For streams ({@link #firstToEmit}) the race is to the first element: the winner is the first call
 * to emit anything (or to complete), and the stream then continues from it alone, with backpressure.
 * A caller that wants the race decided by the first text token shapes each lane so that its first
 * element is that token.
 *
 * <p>In the router, {@code GenerateExecution.race} is the whole-answer wiring: the primary lane is the
 * request's call, hedges come from {@code RequestState.nextHedgeCall()} (taken under the state's monitor,
 * since the calls of a race end on different threads), the plan from {@code core.hedging().plan(...)} over
 * the primary's latency window, and a lane's failure is recorded with {@code state.failed} before the race
 * goes on. A stream race is the same with {@link #firstToEmit}, each lane gated to its first token, the plan
 * over the primary's {@code timesToFirstToken()} window, and each call's first-token time recorded with
 * {@code ProviderStats.recordTimeToFirstToken}.
 */
public final class HedgedRace {

    private HedgedRace() {
    }

    /**
     * One call in a race.
     *
     * @param provider the provider's name, for reports
     * @param kind     why the call is made ({@link Attempt.Kind#HEDGE} for hedges)
     * @param call     the call itself, not yet subscribed; subscribed exactly once by the race (and cancelled
     *                 at once when the race is already over), so resources taken for it are released
     *                 through its own termination or cancel handling
     */
    public record Lane<T>(String provider, Attempt.Kind kind, Publisher<T> call) {
        public Lane {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(call, "call");
        }
    }

    /** Where hedges come from: the router's next available provider in strategy order. */
    @FunctionalInterface
    public interface HedgeSource<T> {

        /**
         * The call for the next hedge, or empty when no provider is left to hedge to. Called on a timer
         * thread, at most once per hedge slot, only after the budget granted the hedge; must not block.
         */
        Optional<Lane<T>> nextHedge();
    }

    /** Hears how each call of a race ended; must be fast, non-blocking and must not throw. */
    @FunctionalInterface
    public interface RaceListener {

        RaceListener NONE = end -> { };

        void onLaneEnd(LaneEnd end);

        /**
         * A call's failure that the race does not pass on: the call failed while another ran on, and then
         * another call won, the race failed with a later failure, or the caller cancelled; or it failed after
         * the race was decided. Called once per such failure, once the race is decided, on the thread that
         * decided it. Nothing else will act on this failure, so whatever the call held must be settled here.
         */
        default void onFailureDropped(Throwable error) {
        }

        /** A listener that hears only of {@linkplain #onFailureDropped dropped failures}, passing each to {@code sink}. */
        static RaceListener droppedTo(Consumer<Throwable> sink) {
            Objects.requireNonNull(sink, "sink");
            return new RaceListener() {
                @Override
                public void onLaneEnd(LaneEnd end) {
                }

                @Override
                public void onFailureDropped(Throwable error) {
                    sink.accept(error);
                }
            };
        }
    }

    /**
     * How one call of a race ended.
     *
     * @param outcome {@code SUCCESS} when it completed, {@code FAILED} with its error, or {@code CANCELLED}
     *                (it lost the race, or the caller went away)
     * @param won     whether this call's answer is the race's answer (a stream's winner may still fail later)
     * @param elapsed from the call's start to its end
     */
    public record LaneEnd(String provider, Attempt.Kind kind, Attempt.Outcome outcome, boolean won,
                          Duration elapsed, Optional<Throwable> error) {
        public LaneEnd {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(elapsed, "elapsed");
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * When to hedge, for one race.
     *
     * @param delay     the wait after the primary's start before the first hedge, and between hedges
     * @param maxHedges most hedges (0: none)
     * @param budget    the router's shared hedge budget; each hedge takes a token or does not fire
     */
    public record Plan(Duration delay, int maxHedges, HedgeBudget budget) {
        public Plan {
            Objects.requireNonNull(delay, "delay");
            Objects.requireNonNull(budget, "budget");
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("hedge delay must be positive, was " + delay);
            }
            if (maxHedges < 0) {
                throw new IllegalArgumentException("maxHedges must not be negative, was " + maxHedges);
            }
        }
    }

    /** Races whole answers: the first call to succeed wins. */
    public static <T> Mono<T> firstToAnswer(Lane<T> primary, HedgeSource<T> hedges, Plan plan,
                                            RaceListener listener) {
        return Mono.fromDirect(firstToEmit(primary, hedges, plan, listener));
    }

    /** Races streams to their first element; the winner's stream is then relayed to the end. */
    public static <T> Flux<T> firstToEmit(Lane<T> primary, HedgeSource<T> hedges, Plan plan,
                                          RaceListener listener) {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(hedges, "hedges");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(listener, "listener");
        return new HedgedFlux<>(primary, hedges, plan, listener);
    }
}
