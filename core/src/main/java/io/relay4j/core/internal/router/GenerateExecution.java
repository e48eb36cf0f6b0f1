package io.relay4j.core.internal.router;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.error.EmptyAnswer;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidOutput;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.event.Operation;
import io.relay4j.core.internal.hedging.HedgedRace;
import io.relay4j.core.internal.timer.Deadlines;
import io.relay4j.core.validation.OutputValidator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;
import reactor.util.context.ContextView;

/**
 * Routes one whole-answer request. Without hedging that is {@link UnhedgedGenerate}, one operator; with
 * hedging on it is a lazily built chain in which each failed step resumes with the next
 * ({@code onErrorResume}), all within the caller's single subscription. The decisions are
 * {@link RequestState}'s; this class only wires them to Reactor: per-attempt and per-request deadlines and
 * in-place retry waits (all timed by {@link Deadlines}), and cancellation reaching the call in flight. The
 * answer's check and routing ({@link #rejection}, {@link #succeeded}) are shared by both.
 *
 * <p>With hedging on, each call is raced ({@link HedgedRace}) against hedges to the next providers in
 * order; the race's winner is the step's answer, and when every call of the race failed the request
 * goes on from the last failure as it would from a single call's. A call that failed with a retry-in-place
 * decision but that the race went on without is never retried: its provider's health hears of the failure
 * as of a fall-over ({@link RequestState#leftRace}). An answer that fails the request's output validator is
 * a failure of its call, in a race as on its own. Calls of one race end on different threads, so every step
 * of the request runs under the state's monitor.
 */
public final class GenerateExecution {

    private final RouterCore core;
    private final RequestState state;
    /**
     * The answer that claimed the request's outcome, under the state's monitor: what the request deadline's
     * fallback returns when it fires between that claim and the answer reaching the caller, so the caller gets
     * what the events, meters and budgets recorded.
     */
    private LlmResponse answer;
    /** Where the deadline's fallback waits for an answer that claimed the outcome but was not routed yet. */
    private Sinks.One<LlmResponse> lateAnswer;

    private GenerateExecution(RouterCore core, LlmRequest request, Optional<OutputValidator> validator,
                              ContextView callerContext) {
        this.core = core;
        this.state = new RequestState(core, request, Operation.GENERATE, validator, callerContext);
    }

    /** The routed answer; nothing happens until subscription, and each subscription routes anew. */
    public static Mono<LlmResponse> generate(RouterCore core, LlmRequest request) {
        return generate(core, request, core.accounting().validator());
    }

    /** As {@link #generate(RouterCore, LlmRequest)}, with answers checked by {@code validator}, if any. */
    public static Mono<LlmResponse> generate(RouterCore core, LlmRequest request, Optional<OutputValidator> validator) {
        if (!core.hedging().enabled()) {
            return new UnhedgedGenerate(core, request, validator);
        }
        return Mono.deferContextual(callerContext -> new GenerateExecution(core, request, validator, callerContext).run());
    }

    private Mono<LlmResponse> run() {
        core.hedging().onRequest();
        return next()
                .timeout(Deadlines.delay(core.timeouts().request()), Mono.defer(this::afterRequestDeadline))
                .doFinally(signal -> {
                    if (signal == SignalType.CANCEL) {
                        state.callerCancelled();
                    }
                });
    }

    /**
     * The request deadline passed: the request times out, unless an answer claimed its outcome first; then the
     * caller gets that answer (the deadline can fire while it is being recorded: on a listener's thread, it
     * runs within the recording, so the answer may not be routed yet).
     */
    private Mono<LlmResponse> afterRequestDeadline() {
        synchronized (state) {
            if (answer != null) {
                return Mono.just(answer);
            }
            if (state.answered()) {
                lateAnswer = Sinks.one();
                return lateAnswer.asMono();
            }
            return Mono.error(state.requestTimedOut());
        }
    }

    private Mono<LlmResponse> next() {
        synchronized (state) {
            Call call = state.nextCall();
            return call == null ? Mono.error(state.exhausted()) : race(call);
        }
    }

    private Mono<LlmResponse> providerCall(Call call) {
        return Mono.defer(() -> call.slot().provider().generate(state.requestFor(call)))
                .contextWrite(state.observing(call))
                .timeout(Deadlines.delay(call.slot().deadlines().wholeAnswer()),
                        Mono.error(() -> state.attemptTimedOut(call)))
                .switchIfEmpty(Mono.error(() -> state.emptyAnswer(call)));
    }

    /**
     * When the answer is empty ({@link EmptyAnswer}: no text and no tool call), fails the request's validator
     * ({@link InvalidOutput}; an answer with tool calls is not validated, its text is no final answer) or has an
     * invalid tool call (an {@link InvalidOutput}: an undeclared tool, arguments the tool-arguments validator rejects),
     * the call fails with that error (keeping the answer's usage and cost) and this is what follows; empty
     * when the answer passes or the call is closed.
     */
    static Optional<FailureDecision> rejection(RequestState state, Call call, LlmResponse response) {
        Optional<? extends LlmException> problem = EmptyAnswer.isEmpty(response.message(), response.finishReason())
                ? Optional.of(EmptyAnswer.of(ErrorDetails.of(call.slot().name()).withRequestId(
                        response.requestId().orElse(null)), response.finishReason(), response.usage()))
                // an answer that calls tools has no final text to check: the validator judges the answer after them
                : response.toolCalls().isEmpty() ? state.validate(call, response.content())
                : state.checkToolCalls(call, response.toolCalls());
        return problem
                .filter(invalid -> call.isOpen())
                .map(invalid -> state.failed(call, invalid, response.usage(), Optional.of(response.model())));
    }

    static LlmResponse succeeded(RouterCore core, RequestState state, Call call, LlmResponse response) {
        call.slot().stats(core.stats()).recordLatency(Duration.ofNanos(RouterClock.nanos() - call.startNanos()));
        return routed(state, call, response);
    }

    /** The provider's answer as the router returns it: named as on the router, with every attempt. */
    private static LlmResponse routed(RequestState state, Call call, LlmResponse response) {
        List<Attempt> attempts = state.succeeded(call, response.usage(), response.model());
        String name = call.slot().name();
        LlmResponse served = response.provider().equals(name) ? response
                : response.toBuilder().provider(name).build();
        return served.withRouting(attempts, state.elapsed(), Accounting.answerCost(attempts));
    }

    private Mono<LlmResponse> afterFailure(Call call, FailureDecision decision) {
        switch (decision.next()) {
            case RETRY_IN_PLACE:
                state.waiting(decision.retryDelay());
                return Deadlines.delay(decision.retryDelay()).then(Mono.defer(() -> retry(call)));
            case FAIL_FAST:
                return Mono.error(state.failFast(call));
            default:
                return next();
        }
    }

    private Mono<LlmResponse> retry(Call failed) {
        synchronized (state) {
            Call retry = state.retryCall(failed);
            return retry == null ? next() : race(retry);
        }
    }

    // ---- hedged calls ----

    /** A raced call and its answer. */
    private record Answer(Call call, LlmResponse response) {
    }

    private Mono<LlmResponse> race(Call primary) {
        HedgedRace.Plan plan = core.hedging().plan(core.stats().of(primary.slot().name()).latencies());
        return HedgedRace.firstToAnswer(lane(primary), this::nextHedge, plan,
                        HedgedRace.RaceListener.droppedTo(this::dropped))
                // an answer that won as the caller went away is a cancelled call: its permit and probe go back
                .doOnDiscard(Answer.class, lost -> {
                    synchronized (state) {
                        state.cancelled(lost.call());
                    }
                })
                .<LlmResponse>handle((won, sink) -> {
                    LlmResponse routed;
                    synchronized (state) {
                        routed = succeeded(core, state, won.call(), won.response());
                        if (routed.attempts().isEmpty()) {
                            // the request had ended (deadline, cancellation): the answer was discarded
                            return;
                        }
                        answer = routed;
                        if (lateAnswer != null) {
                            lateAnswer.tryEmitValue(routed);
                        }
                    }
                    sink.next(routed);
                })
                .onErrorResume(RaceCallFailed.class, failure -> {
                    synchronized (state) {
                        return afterFailure(failure.call, failure.decision);
                    }
                });
    }

    /** A raced call that failed while the race went on without it leaves its provider: its health hears of it. */
    private void dropped(Throwable error) {
        if (error instanceof RaceCallFailed) {
            RaceCallFailed failure = (RaceCallFailed) error;
            synchronized (state) {
                state.leftRace(failure.call, failure.decision);
            }
        }
    }

    private HedgedRace.Lane<Answer> lane(Call call) {
        Mono<Answer> answer = providerCall(call)
                .flatMap(response -> {
                    synchronized (state) {
                        return rejection(state, call, response)
                                .<Mono<Answer>>map(decision -> Mono.error(new RaceCallFailed(call, decision)))
                                .orElseGet(() -> Mono.just(new Answer(call, response)));
                    }
                })
                .doOnCancel(() -> {
                    synchronized (state) {
                        state.cancelled(call);
                    }
                })
                .onErrorResume(error -> {
                    if (!call.isOpen()) {
                        return Mono.error(error);
                    }
                    synchronized (state) {
                        return Mono.error(new RaceCallFailed(call, state.failed(call, error)));
                    }
                });
        return new HedgedRace.Lane<>(call.slot().name(), call.kind(), answer);
    }

    private Optional<HedgedRace.Lane<Answer>> nextHedge() {
        Call hedge;
        synchronized (state) {
            hedge = state.nextHedgeCall();
        }
        return Optional.ofNullable(hedge).map(this::lane);
    }

    /** A raced call's failure, carried through the race to the step that decides what follows. */
    private static final class RaceCallFailed extends RuntimeException {

        private final transient Call call;
        private final transient FailureDecision decision;

        RaceCallFailed(Call call, FailureDecision decision) {
            super(call.error().getMessage(), null, false, false);
            this.call = call;
            this.decision = decision;
        }
    }
}
