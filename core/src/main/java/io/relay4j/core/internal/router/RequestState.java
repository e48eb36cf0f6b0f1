package io.relay4j.core.internal.router;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.ToolCall;
import io.relay4j.core.Usage;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.error.EmptyAnswer;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.InvalidOutput;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.StreamInterrupted;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.event.Operation;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.internal.stream.ContinuationRequest;
import io.relay4j.core.internal.stream.PartialText;
import io.relay4j.core.spi.ProviderCallObserver;
import io.relay4j.core.validation.OutputValidator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * One request's way through the providers, independent of how answers are delivered (a whole answer or a
 * stream), and the one place its steps go through. It coordinates parts with one job each, which only it
 * calls: {@link CandidateCursor} (which provider comes next, which are skipped and why, among them a model
 * the request names that the provider does not offer: {@link ModelRoute}; the call budget, permits and
 * probes), {@link AttemptLog} (the attempts record, each attempt's cost and its charge to the provider's
 * budget, the attempt events), {@link ProviderFailures} (what a failure decides and does to health),
 * {@link TerminalErrors} (the errors a request ends with) and {@link RequestOutcome} (the claim of how the
 * request ended, and its event). It keeps the answer's validation, the model each provider is asked for, and
 * the call a cancellation must release.
 *
 * <p>Not thread-safe in general: a request's steps run one after another, each after the previous signal.
 * Only a cancellation or the request deadline ({@link #cancelled}, {@link #callerCancelled},
 * {@link #requestTimedOut}) may run concurrently with a step; they touch only the atomically swapped attempts list ({@link AttemptLog}),
 * the call's claim flag, the request's finish flag ({@link RequestOutcome#claim}) and the providers'
 * (lock-free) health. The parts hold no lock of their own: this object's monitor, where one is held, covers
 * them, since no step reaches them but through this object. A hedged request
 * has several calls in flight at once, so {@link GenerateExecution} (hedging on) and {@link StreamExecution}
 * hold this object's monitor around every other step: those the race's calls take ({@link #failed},
 * {@link #succeeded}, {@link #nextHedgeCall}, {@link #leftRace}, and cancellations) and those between races
 * ({@link #nextCall}, {@link #retryCall}, {@link #failFast}, {@link #exhausted}, {@link #interrupted}).
 * {@link UnhedgedGenerate} has one call in flight at a time and takes no monitor.
 */
public final class RequestState {

    private final RouterCore core;
    private final LlmRequest request;
    private final long id;
    private final ModelRoute route;
    private final Optional<OutputValidator> validator;
    private final ToolCallCheck toolCalls;
    private final AttemptLog log;
    private final CandidateCursor cursor;
    private final boolean stream;
    /** Made at the first failure: most requests have none. */
    private ProviderFailures failures;
    private final RequestOutcome outcome;
    private volatile Call current;
    private volatile boolean answered;

    /** A request whose answers are checked by the router's default validator, if it has one. */
    public RequestState(RouterCore core, LlmRequest request, Operation operation) {
        this(core, request, operation, core.accounting().validator());
    }

    /** A request whose answers are checked by {@code validator} instead of the router's default. */
    public RequestState(RouterCore core, LlmRequest request, Operation operation, Optional<OutputValidator> validator) {
        this(core, request, operation, validator, Context.empty());
    }

    /**
     * As {@link #RequestState(RouterCore, LlmRequest, Operation, Optional)}, for a request subscribed with
     * {@code callerContext}, which its start event carries to the listeners (a tracing listener finds the
     * caller's observation there).
     */
    public RequestState(RouterCore core, LlmRequest request, Operation operation, Optional<OutputValidator> validator,
                        ContextView callerContext) {
        core.requireOpen();
        this.core = core;
        this.request = request;
        this.validator = validator;
        this.toolCalls = ToolCallCheck.of(request, core.accounting().toolArguments());
        this.id = core.nextRequestId();
        this.stream = operation == Operation.STREAM;
        this.outcome = new RequestOutcome(core.events(), id, operation, RouterClock.nanos());
        ProviderRegistry.View view = core.registry().view();
        this.route = ModelRoute.of(request, view.slots());
        this.log = new AttemptLog(core, id, operation, route);
        this.cursor = new CandidateCursor(core, request, route, view, log);
        if (core.events().lifecycleWanted()) {
            core.events().accept(new RouterEvent.RequestStarted(id, operation, request,
                    callerContext.isEmpty() ? Optional.empty() : Optional.of(callerContext)));
        }
    }

    /**
     * The next provider to call, recording every provider skipped on the way; null when none is left or the
     * budget is spent (then {@link #exhausted()} gives the error). When every provider was cooling down and
     * no call was made yet, panic mode sends the request to the provider whose cooldown ends soonest; a
     * provider over its spending budget is never among those, panic or not.
     */
    public Call nextCall() {
        return nextCall(false);
    }

    /** As {@link #nextCall()}; with {@code resume} the call continues a stream broken after its commit point. */
    public Call nextCall(boolean resume) {
        return started(cursor.next(resume ? Attempt.Kind.RESUME : null, core.panicMode()));
    }

    /**
     * The next provider in order for a hedge of the call in flight, as {@link #nextCall()} finds it (the
     * hedge counts against the call budget, unavailable providers are skipped) but never in panic mode;
     * null when none is left. A later fallback continues after it.
     */
    public Call nextHedgeCall() {
        return started(cursor.next(Attempt.Kind.HEDGE, false));
    }

    /**
     * The same provider again, after an in-place retry's wait; it keeps the probe if the first call had it.
     * Null when the provider has spent its budget or reached its concurrency limit meanwhile: the retry is
     * recorded as skipped and the request moves on with {@link #nextCall()}. Null as well when the provider
     * was removed (or the router closed) meanwhile: a removed provider gets no new call.
     */
    public Call retryCall(Call failed) {
        return started(cursor.retry(failed));
    }

    private Call started(Call call) {
        if (call != null) {
            current = call;
            log.started(call);
        }
        return call;
    }

    /**
     * The request as {@code call}'s provider gets it: for a request naming an alias, with the model that
     * provider's alias maps to (the caller's request is left as it is); else the request itself.
     */
    public LlmRequest requestFor(Call call) {
        return route.requestFor(call.slot(), request);
    }

    /**
     * The subscriber context to make {@code call} with: it holds the call's own
     * {@link io.relay4j.core.spi.ProviderCallObserver}, through which the provider reports what it skipped.
     */
    public Context observing(Call call) {
        return new CallObserver(call, id, core.events()).context();
    }

    /** The {@link io.relay4j.core.spi.ProviderCallObserver} of {@code call}, for a subscriber that builds its own context. */
    ProviderCallObserver observerOf(Call call) {
        return new CallObserver(call, id, core.events());
    }

    /**
     * The answer's check by the request's validator, run before the answer counts as a success: empty when it
     * passes (or there is no validator), else the error to fail the call with through
     * {@link #failed(Call, Throwable, Usage, Optional)}, keeping the answer's usage.
     */
    public Optional<InvalidOutput> validate(Call call, String answerText) {
        // no lambda for the common case of no validator: this runs on every answer
        return validator.isEmpty() ? Optional.empty() : validator.get().check(call.slot().name(), answerText);
    }

    /**
     * The check of an answer's tool calls: empty when every call names a tool the request declared and its
     * arguments pass the router's {@link io.relay4j.core.validation.ToolArgumentsValidator} (if any), else the
     * {@link InvalidOutput} to fail the call with, as for {@link #validate}.
     */
    public Optional<InvalidOutput> checkToolCalls(Call call, List<ToolCall> calls) {
        return calls.isEmpty() ? Optional.empty() : toolCalls.check(calls, call.slot().name());
    }

    /**
     * {@code call}'s stream with each tool call checked as {@link #checkToolCalls} does, as soon as it is complete
     * and before anything after it (the commit gate) can release it: an invalid call fails the stream instead.
     */
    public Flux<LlmChunk> checkingToolCalls(Call call, Flux<LlmChunk> chunks) {
        return toolCalls.apply(chunks, call.slot().name());
    }

    /**
     * The call answered. When the answer is the request's outcome (the request has not ended otherwise: no
     * request deadline, no cancellation got there first), records it with its cost (settling the call's budget
     * reservation), closes the provider's breaker if this was its probe, and ends the request. The answer's
     * cost is then {@link Accounting#answerCost(List)} of the returned attempts. An answer that comes after the
     * request ended is discarded: recorded as a cancelled call with the usage the vendor reported (it is
     * billed), and no success reaches health, events or meters.
     *
     * @return every attempt of the request, in order; empty when the call had already been closed or the
     *         request had already ended
     */
    public List<Attempt> succeeded(Call call, Usage usage, String responseModel) {
        long now = RouterClock.nanos();
        if (!call.close()) {
            return List.of();
        }
        long latency = now - call.startNanos();
        ProviderSlot slot = call.slot();
        if (!outcome.claim()) {
            recordDiscarded(call, latency, usage, responseModel);
            return List.of();
        }
        answered = true;
        call.limiter().succeeded(call.startNanos(), now,
                stream ? call.timeToFirstChunk().map(Duration::toNanos).orElse(-1L) : latency, stream);
        outcome.inProvider(latency);
        log.record(AttemptLog.noted(Attempt.success(slot.name(), call.kind(), Duration.ofNanos(latency), usage), call),
                call, Optional.of(responseModel));
        slot.health().onSuccess(now, call.probeToken(), call.panic());
        List<Attempt> all = log.all();
        outcome.publish(slot.name(), now, all);
        return all;
    }

    /**
     * The call answered after the request had ended (its deadline passed or the caller cancelled first): the
     * answer is discarded, and the call recorded as cancelled with the usage the vendor reported, which it bills.
     */
    public void discarded(Call call, Usage usage, String responseModel) {
        if (call.close()) {
            recordDiscarded(call, RouterClock.nanos() - call.startNanos(), usage, responseModel);
        }
    }

    private void recordDiscarded(Call call, long latency, Usage usage, String responseModel) {
        log.record(AttemptLog.noted(Attempt.cancelled(call.slot().name(), call.kind(), Duration.ofNanos(latency))
                .withUsage(usage), call), call, Optional.of(responseModel));
        call.slot().health().releaseProbe(call.probeToken());
    }

    /** True once an answer claimed the request's outcome ({@link #succeeded} is recording or has recorded it). */
    public boolean answered() {
        return answered;
    }

    /** The time since the request entered the router. */
    public Duration elapsed() {
        return outcome.elapsed();
    }

    /**
     * The call failed: records it, decides what follows and, when the request leaves the provider, applies
     * the failure to the provider's health. The classified error is then {@link Call#error()}.
     */
    public FailureDecision failed(Call call, Throwable error) {
        return failed(call, error, error instanceof EmptyAnswer ? ((EmptyAnswer) error).usage() : Usage.NONE,
                Optional.empty());
    }

    /**
     * As {@link #failed(Call, Throwable)}, for a call that consumed tokens before failing (an answer that
     * failed validation, a stream that broke): the attempt keeps that usage and its cost, which is charged to
     * the provider's budget. An {@link InvalidOutput}'s message becomes the attempt's detail.
     *
     * @param responseModel the model the vendor said served the call, if it said
     */
    public FailureDecision failed(Call call, Throwable error, Usage usage, Optional<String> responseModel) {
        return failed(call, error, usage, responseModel, true);
    }

    private FailureDecision failed(Call call, Throwable error, Usage usage, Optional<String> responseModel,
                                   boolean mayRetryInPlace) {
        LlmException failure = FailurePolicy.classify(error, call.slot().name());
        long now = RouterClock.nanos();
        call.failedWith(failure, now);
        if (!call.close()) {
            return new FailureDecision(FailureDecision.Next.FAIL_FAST, Duration.ZERO, CooldownPlan.NONE, false);
        }
        long latency = now - call.startNanos();
        if (ConcurrencySignals.isThrottle(failure)) {
            call.limiter().throttled(call.startNanos(), now);
        }
        outcome.inProvider(latency);
        log.record(AttemptLog.noted(ProviderFailures.attempt(call, failure, latency, usage), call), call,
                responseModel);
        FailureDecision decision = failures().decide(call, failure, mayRetryInPlace, now);
        if (decision.next() == FailureDecision.Next.RETRY_IN_PLACE) {
            // the retry inherits the probe: until it is made, this call is the one a cancellation must release
            current = call;
        }
        return decision;
    }

    /**
     * A raced call failed with a retry-in-place decision, and the race went on without it (another call
     * won, a later failure is the one the request goes on from, or the request was cancelled): nobody will
     * retry it, so the request leaves its provider after all. The failure reaches the provider's health as
     * a fall-over's would: the fault counted (or, for an error that is not the provider's, the probe handed
     * back). Any other decision already did this when the call failed.
     */
    public void leftRace(Call call, FailureDecision decision) {
        failures().leftRace(call, decision);
    }

    private ProviderFailures failures() {
        ProviderFailures made = failures;
        if (made == null) {
            made = new ProviderFailures(core.failurePolicy(), route, cursor);
            failures = made;
        }
        return made;
    }

    /** Time the request spends waiting before an in-place retry (not the router's overhead). */
    public void waiting(Duration wait) {
        outcome.waited(wait);
    }

    /** The error that ends the request when a failure fails fast; earlier attempts' errors ride along as suppressed. */
    public LlmException failFast(Call call) {
        List<Attempt> all = log.all();
        LlmException failure = TerminalErrors.failFast(call.error(), all);
        outcome.finish(Optional.empty(), Optional.of(failure.type()), RouterClock.nanos(), all);
        return failure;
    }

    /** No provider is left to try, or the budget is spent: every attempt, summarised. */
    public AllProvidersFailed exhausted() {
        List<Attempt> all = log.all();
        AllProvidersFailed failure = TerminalErrors.exhausted(all, cursor.budgetSpent(), cursor.maxCalls());
        outcome.finish(Optional.empty(), Optional.of(ErrorType.ALL_PROVIDERS_FAILED), RouterClock.nanos(), all);
        return failure;
    }

    /**
     * The provider did not give its whole answer within its deadline: the first-token deadline (a whole
     * answer's first token is the answer) or the attempt deadline, whichever is sooner.
     */
    public LlmException attemptTimedOut(Call call) {
        return TerminalErrors.attemptTimedOut(call);
    }

    /** The provider completed without an answer, which its contract forbids. */
    public LlmException emptyAnswer(Call call) {
        return TerminalErrors.emptyAnswer(call);
    }

    /**
     * The call was cancelled (the caller went away, the request deadline passed, or it lost a hedge race): it
     * carries estimated usage and cost, charged to the provider's budgets, since the vendor bills what it
     * received and generated.
     */
    public void cancelled(Call call) {
        if (call.close()) {
            long latency = RouterClock.nanos() - call.startNanos();
            log.record(AttemptLog.noted(Attempt.cancelled(call.slot().name(), call.kind(), Duration.ofNanos(latency))
                    .withEstimatedUsage(call.estimatedUsage()), call), call, Optional.empty());
            call.slot().health().releaseProbe(call.probeToken());
        }
    }

    /** The call was cancelled before it went out: recorded as cancelled, with no usage since nothing was sent. */
    public void notSent(Call call) {
        if (call.close()) {
            log.record(Attempt.cancelled(call.slot().name(), call.kind(), Duration.ZERO), call, Optional.empty());
            call.slot().health().releaseProbe(call.probeToken());
        }
    }

    /**
     * A stream failed after its commit point: records the call (with usage estimated from the request and
     * the text received, since the vendor bills it) and applies the failure to the provider's health like
     * {@link #failed}, but never decides a retry in place, which would send the consumer the same text twice.
     * The decision tells whether the error's policy lets the request go on elsewhere.
     */
    public FailureDecision failedAfterCommit(Call call, Throwable error) {
        return failed(call, error, Usage.NONE, Optional.empty(), false);
    }

    /**
     * Ends a stream that broke after its commit point: the error carries the text the consumer received and
     * the failure that broke it; every other attempt's error rides along as suppressed.
     */
    public StreamInterrupted interrupted(PartialText delivered, LlmException cause) {
        List<Attempt> all = log.all();
        StreamInterrupted interrupted = TerminalErrors.interrupted(delivered, cause, all);
        outcome.finish(Optional.empty(), Optional.of(ErrorType.STREAM_INTERRUPTED), RouterClock.nanos(), all);
        return interrupted;
    }

    /**
     * The stream broke after a tool call (or a fragment of one) had reached the consumer: it ends, never resumed,
     * with the same error as {@link #interrupted} whose message says so and lists the complete calls emitted
     * ({@code emittedCalls}, id to tool name).
     */
    public StreamInterrupted interruptedAfterToolCalls(PartialText delivered, Map<String, String> emittedCalls,
                                                       LlmException cause) {
        List<Attempt> all = log.all();
        StreamInterrupted interrupted = TerminalErrors.interruptedAfterToolCalls(delivered, emittedCalls, cause, all);
        outcome.finish(Optional.empty(), Optional.of(ErrorType.STREAM_INTERRUPTED), RouterClock.nanos(), all);
        return interrupted;
    }

    /** The caller cancelled the request. */
    public void callerCancelled() {
        releaseProbe();
        outcome.finish(Optional.empty(), Optional.empty(), RouterClock.nanos(), log.all());
    }

    /** The request deadline passed; the call in flight was cancelled. Every attempt's error is suppressed in the result. */
    public LlmException requestTimedOut() {
        releaseProbe();
        List<Attempt> all = log.all();
        Timeout timeout = TerminalErrors.requestTimedOut(core.timeouts().request(), all);
        outcome.finish(Optional.empty(), Optional.of(ErrorType.TIMEOUT), RouterClock.nanos(), all);
        return timeout;
    }

    private void releaseProbe() {
        Call call = current;
        if (call != null) {
            call.slot().health().releaseProbe(call.probeToken());
        }
    }

    /**
     * A stream broke after {@code deliveredChars} characters reached the consumer and resumes: from now on the
     * calls are continuations, whose prompt holds that text and whose {@code maxTokens} is what is left
     * ({@link ContinuationRequest}); context windows and budget reservations are checked against them.
     */
    public void resumingAfter(long deliveredChars) {
        cursor.resumingAfter(deliveredChars);
    }
}
