package io.relay4j.core.router.internal;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.event.Operation;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Routes one whole-answer request: a lazily built chain in which each failed attempt resumes with the
 * next step ({@code onErrorResume}), all within the caller's single subscription. The decisions are
 * {@link RequestState}'s; this class only wires them to Reactor: per-attempt and per-request deadlines,
 * in-place retry waits, and cancellation reaching the call in flight.
 */
public final class GenerateExecution {

    private final RouterCore core;
    private final LlmRequest request;
    private final RequestState state;

    private GenerateExecution(RouterCore core, LlmRequest request) {
        this.core = core;
        this.request = request;
        this.state = new RequestState(core, request, Operation.GENERATE);
    }

    /** The routed answer; nothing happens until subscription, and each subscription routes anew. */
    public static Mono<LlmResponse> generate(RouterCore core, LlmRequest request) {
        return Mono.defer(() -> new GenerateExecution(core, request).run());
    }

    private Mono<LlmResponse> run() {
        return next()
                .timeout(core.timeouts().request(), Mono.error(state::requestTimedOut))
                .doFinally(signal -> {
                    if (signal == SignalType.CANCEL) {
                        state.callerCancelled();
                    }
                });
    }

    private Mono<LlmResponse> next() {
        Call call = state.nextCall();
        return call == null ? Mono.error(state.exhausted()) : attempt(call);
    }

    private Mono<LlmResponse> attempt(Call call) {
        return Mono.defer(() -> call.slot().provider().generate(request))
                .timeout(core.timeouts().attempt(), Mono.error(() -> state.attemptTimedOut(call)))
                .switchIfEmpty(Mono.error(() -> state.emptyAnswer(call)))
                .doOnCancel(() -> state.cancelled(call))
                .map(response -> routed(call, response))
                .onErrorResume(error -> call.isOpen() ? afterFailure(call, error) : Mono.error(error));
    }

    /** The provider's answer as the router returns it: named as on the router, with every attempt. */
    private LlmResponse routed(Call call, LlmResponse response) {
        List<Attempt> attempts = state.succeeded(call, response.usage(), response.model());
        String name = call.slot().name();
        LlmResponse served = response.provider().equals(name) ? response
                : new LlmResponse(response.content(), name, response.model(), response.usage(), response.latency(),
                        response.finishReason(), response.cost(), response.attempts(), response.requestId());
        return served.withRouting(attempts, state.elapsed(), Optional.empty());
    }

    private Mono<LlmResponse> afterFailure(Call call, Throwable error) {
        FailureDecision decision = state.failed(call, error);
        switch (decision.next()) {
            case RETRY_IN_PLACE:
                state.waiting(decision.retryDelay());
                return Mono.delay(decision.retryDelay()).then(Mono.defer(() -> attempt(state.retryCall(call))));
            case FAIL_FAST:
                return Mono.error(state.failFast(call));
            default:
                return next();
        }
    }
}
