package io.relay4j.core.internal.router;

import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.event.Operation;
import io.relay4j.core.internal.timer.Deadlines;
import io.relay4j.core.validation.OutputValidator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * A whole-answer request without hedging, as one operator: each subscription routes the request through
 * {@link RequestState} exactly as {@link GenerateExecution}'s operator chain does (same attempts, events,
 * errors and their order), with one {@link AttemptSubscriber} per provider call and the request and attempt
 * deadlines armed through {@link Deadlines}. It exists because the chain's dozen operators and two
 * scheduler timers per call cost several times what the routing decisions do.
 *
 * <p>Threads: provider signals, deadlines, in-place retry waits and the caller's cancellation may race. The
 * request's outcome is claimed once ({@code Routing.claimFinish}), an answer's too, before anything records
 * it as the success; each call's outcome once by its subscriber; a
 * step that starts a call re-checks the claim after publishing the call, so a cancellation either sees the
 * new call or the step sees the cancellation.
 */
final class UnhedgedGenerate extends Mono<LlmResponse> {

    private final RouterCore core;
    private final LlmRequest request;
    private final Optional<OutputValidator> validator;

    UnhedgedGenerate(RouterCore core, LlmRequest request, Optional<OutputValidator> validator) {
        this.core = core;
        this.request = request;
        this.validator = validator;
    }

    @Override
    public void subscribe(CoreSubscriber<? super LlmResponse> actual) {
        RequestState state;
        try {
            state = new RequestState(core, request, Operation.GENERATE, validator, actual.currentContext());
        } catch (Throwable t) {
            Operators.error(actual, Operators.onOperatorError(t, actual.currentContext()));
            return;
        }
        Routing routing = new Routing(actual, core, state);
        actual.onSubscribe(routing);
        routing.start();
    }

    /** One subscription's routing: the downstream subscription, and the request deadline's task. */
    static final class Routing extends Operators.MonoSubscriber<LlmResponse, LlmResponse> implements Runnable {

        private static final AtomicIntegerFieldUpdater<Routing> FINISHED =
                AtomicIntegerFieldUpdater.newUpdater(Routing.class, "finished");

        /** What a timer field holds before its timer is armed: one shared instance, since each {@code disposed()} allocates. */
        private static final Disposable NO_TIMER = Disposables.disposed();

        private final RouterCore core;
        private final RequestState state;
        private volatile int finished;
        private volatile AttemptSubscriber current;
        private volatile Disposable requestDeadline = NO_TIMER;
        private volatile Disposable retryWait = NO_TIMER;

        Routing(CoreSubscriber<? super LlmResponse> actual, RouterCore core, RequestState state) {
            super(actual);
            this.core = core;
            this.state = state;
        }

        RequestState state() {
            return state;
        }

        void start() {
            core.hedging().onRequest();
            requestDeadline = Deadlines.schedule(this, Deadlines.nanos(core.timeouts().request()), TimeUnit.NANOSECONDS);
            next();
        }

        private void next() {
            Call call = state.nextCall();
            if (call == null) {
                finish(state.exhausted());
            } else {
                attempt(call);
            }
        }

        private void attempt(Call call) {
            AttemptSubscriber attempt = new AttemptSubscriber(this, call, state.observerOf(call), actual.currentContext());
            current = attempt;
            if (finished != 0) {
                // cancelled or timed out while this call was being set up: it must not go out
                attempt.cancel();
                state.notSent(call);
                return;
            }
            Mono<LlmResponse> answer;
            try {
                answer = Objects.requireNonNull(call.slot().provider().generate(state.requestFor(call)),
                        "The Mono returned by the supplier is null");
            } catch (Throwable t) {
                attempt.onError(Operators.onOperatorError(t, attempt.currentContext()));
                return;
            }
            attempt.deadline(Deadlines.schedule(attempt, Deadlines.nanos(call.slot().deadlines().wholeAnswer()),
                    TimeUnit.NANOSECONDS));
            answer.subscribe(attempt);
        }

        /**
         * The provider answered: checked (empty, validator), then failed over or, once it has claimed the
         * request's outcome, recorded as the success and routed. An answer that lost the claim to the request
         * deadline or a cancellation is recorded as discarded, never as a success.
         */
        void answered(AttemptSubscriber attempt, LlmResponse response) {
            Call call = attempt.call;
            FailureDecision rejected;
            try {
                rejected = GenerateExecution.rejection(state, call, response).orElse(null);
            } catch (Throwable t) {
                failed(attempt, Operators.onOperatorError(t, actual.currentContext()));
                return;
            }
            if (rejected != null) {
                afterFailure(call, rejected);
                return;
            }
            if (!claimFinish()) {
                state.discarded(call, response.usage(), response.model());
                return;
            }
            requestDeadline.dispose();
            LlmResponse routed;
            try {
                routed = GenerateExecution.succeeded(core, state, call, response);
            } catch (Throwable t) {
                actual.onError(Operators.onOperatorError(t, actual.currentContext()));
                return;
            }
            complete(routed);
        }

        /** The call failed (error, empty answer, attempt deadline, or a failure handling its answer). */
        void failed(AttemptSubscriber attempt, Throwable error) {
            Call call = attempt.call;
            if (!call.isOpen()) {
                finish(error);
                return;
            }
            afterFailure(call, state.failed(call, error));
        }

        private void afterFailure(Call call, FailureDecision decision) {
            switch (decision.next()) {
                case RETRY_IN_PLACE:
                    state.waiting(decision.retryDelay());
                    retryWait = Deadlines.schedule(() -> retry(call), decision.retryDelay().toNanos(),
                            TimeUnit.NANOSECONDS);
                    if (finished != 0) {
                        retryWait.dispose();
                    }
                    break;
                case FAIL_FAST:
                    finish(state.failFast(call));
                    break;
                default:
                    next();
                    break;
            }
        }

        private void retry(Call failed) {
            if (finished != 0) {
                return;
            }
            Call retry = state.retryCall(failed);
            if (retry == null) {
                next();
            } else {
                attempt(retry);
            }
        }

        /** The request deadline passed: the call in flight is cancelled and the request fails. */
        @Override
        public void run() {
            if (claimFinish()) {
                stopCalls();
                actual.onError(state.requestTimedOut());
            }
        }

        @Override
        public void cancel() {
            super.cancel();
            if (claimFinish()) {
                requestDeadline.dispose();
                stopCalls();
                state.callerCancelled();
            }
        }

        private void stopCalls() {
            retryWait.dispose();
            AttemptSubscriber attempt = current;
            if (attempt != null && attempt.cancel()) {
                // an outcome the attempt claimed first (say an answer being checked) is recorded by its handling
                state.cancelled(attempt.call);
            }
        }

        private void finish(Throwable error) {
            if (claimFinish()) {
                requestDeadline.dispose();
                actual.onError(error);
            } else {
                Operators.onErrorDropped(error, actual.currentContext());
            }
        }

        private boolean claimFinish() {
            return finished == 0 && FINISHED.compareAndSet(this, 0, 1);
        }
    }
}
