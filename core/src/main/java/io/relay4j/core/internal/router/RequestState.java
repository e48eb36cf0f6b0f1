package io.relay4j.core.internal.router;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Usage;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.EmptyAnswer;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.InvalidOutput;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.error.StreamInterrupted;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.event.Operation;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.internal.TokenEstimate;
import io.relay4j.core.internal.stream.ContinuationRequest;
import io.relay4j.core.internal.stream.PartialText;
import io.relay4j.core.internal.strategy.ConcurrencyLimiter;
import io.relay4j.core.internal.telemetry.ModelTag;
import io.relay4j.core.spi.ProviderCallObserver;
import io.relay4j.core.validation.OutputValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * One request's way through the providers, independent of how answers are delivered (a whole answer or a
 * stream): which provider comes next and which are skipped (among the reasons, a model the request names
 * that the provider does not offer: {@link ModelRoute}), the model each provider is asked for, the call
 * budget, what each outcome does to health, each attempt's cost and its charge to the provider's budget, the
 * answer's validation, the attempts record, and the request's events.
 *
 * <p>Not thread-safe in general: a request's steps run one after another, each after the previous signal.
 * Only a cancellation or the request deadline ({@link #cancelled}, {@link #callerCancelled},
 * {@link #requestTimedOut}) may run concurrently with a step; they touch only the concurrent attempts queue,
 * the call's claim flag, the request's finish flag and the providers' (lock-free) health. A hedged request
 * has several calls in flight at once, so {@link GenerateExecution} (hedging on) and {@link StreamExecution}
 * hold this object's monitor around every other step: those the race's calls take ({@link #failed},
 * {@link #succeeded}, {@link #nextHedgeCall}, {@link #leftRace}, and cancellations) and those between races
 * ({@link #nextCall}, {@link #retryCall}, {@link #failFast}, {@link #exhausted}, {@link #interrupted}).
 * {@link UnhedgedGenerate} has one call in flight at a time and takes no monitor.
 */
public final class RequestState {

    private static final AtomicIntegerFieldUpdater<RequestState> FINISHED =
            AtomicIntegerFieldUpdater.newUpdater(RequestState.class, "finished");

    private final RouterCore core;
    private final LlmRequest request;
    private final Operation operation;
    private final long id;
    private final long startNanos;
    private final ModelRoute route;
    private final List<ProviderSlot> candidates;
    private final int maxCalls;
    private final Optional<OutputValidator> validator;
    private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private int position;
    private int callsMade;
    private int retriesOnCurrent;
    private long promptTokens = -1;
    private long deliveredChars = -1;
    private List<ProviderSlot> notResent;
    private Attempt lastAttempt;
    private long providerNanos;
    private long waitNanos;
    private volatile Call current;
    private volatile int finished;
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
        this.operation = operation;
        this.validator = validator;
        this.id = core.nextRequestId();
        this.startNanos = RouterClock.nanos();
        ProviderRegistry.View view = core.registry().view();
        this.route = ModelRoute.of(request, view.slots());
        this.candidates = core.candidates(request, view, route);
        this.maxCalls = core.maxCalls(view.slots().size());
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
        retriesOnCurrent = 0;
        return next(resume ? Attempt.Kind.RESUME : null, core.panicMode());
    }

    /**
     * The next provider in order for a hedge of the call in flight, as {@link #nextCall()} finds it (the
     * hedge counts against the call budget, unavailable providers are skipped) but never in panic mode;
     * null when none is left. A later fallback continues after it.
     */
    public Call nextHedgeCall() {
        return next(Attempt.Kind.HEDGE, false);
    }

    /**
     * @param forcedKind the kind of the call and of the skips on the way ({@link Attempt.Kind#HEDGE} for a hedge),
     *                   or null for {@code PRIMARY} on the request's first step and {@code FALLBACK} after it
     */
    private Call next(Attempt.Kind forcedKind, boolean panicAllowed) {
        if (callsMade >= maxCalls) {
            return null;
        }
        long now = RouterClock.nanos();
        ProviderSlot soonest = null;
        long soonestRemaining = Long.MAX_VALUE;
        while (position < candidates.size()) {
            ProviderSlot slot = candidates.get(position++);
            if (slot.removed()) {
                continue;
            }
            Attempt.Kind kind = forcedKind != null ? forcedKind
                    : attempts.isEmpty() ? Attempt.Kind.PRIMARY : Attempt.Kind.FALLBACK;
            if (!route.offers(slot)) {
                skip(slot, kind, Attempt.SkipReason.MODEL_NOT_OFFERED);
                continue;
            }
            if (notResent != null && notResent.contains(slot)) {
                skip(slot, kind, Attempt.SkipReason.NOT_RESENT);
                continue;
            }
            if (!slot.fits(estimatedTokens(slot))) {
                skip(slot, kind, Attempt.SkipReason.CONTEXT_WINDOW);
                continue;
            }
            BudgetTracker.Reservation reservation = reserve(slot);
            if (reservation == null) {
                skip(slot, kind, Attempt.SkipReason.OVER_BUDGET);
                continue;
            }
            long admission = slot.health().tryAcquire(now);
            if (admission == HealthTracker.SKIP_DISABLED) {
                Accounting.release(reservation);
                skip(slot, kind, Attempt.SkipReason.DISABLED);
                continue;
            }
            if (admission == HealthTracker.SKIP_COOLING_DOWN) {
                Accounting.release(reservation);
                skip(slot, kind, Attempt.SkipReason.COOLING_DOWN);
                long remaining = slot.health().remainingNanos(now);
                if (remaining < soonestRemaining) {
                    soonest = slot;
                    soonestRemaining = remaining;
                }
                continue;
            }
            ConcurrencyLimiter.Permit permit = permitFor(slot, kind, admission, reservation);
            if (permit != null) {
                return start(slot, kind, admission, false, now, permit, reservation);
            }
        }
        if (panicAllowed && callsMade == 0 && soonest != null) {
            BudgetTracker.Reservation reservation = reserve(soonest);
            if (reservation == null) {
                return null;
            }
            ConcurrencyLimiter.Permit permit = permitFor(soonest, Attempt.Kind.FALLBACK, HealthTracker.ADMITTED,
                    reservation);
            return permit == null ? null
                    : start(soonest, Attempt.Kind.FALLBACK, HealthTracker.ADMITTED, true, now, permit, reservation);
        }
        return null;
    }

    /** The call's worst case reserved on the provider's budgets; null when a budget is spent (skip it). */
    private BudgetTracker.Reservation reserve(ProviderSlot slot) {
        return core.accounting().reserve(slot.name(), slot.info(), route.modelFor(slot), promptTokens(slot),
                maxOutputTokens());
    }

    /**
     * The same provider again, after an in-place retry's wait; it keeps the probe if the first call had it.
     * Null when the provider has spent its budget or reached its concurrency limit meanwhile: the retry is
     * recorded as skipped and the request moves on with {@link #nextCall()}. Null as well when the provider
     * was removed (or the router closed) meanwhile: a removed provider gets no new call.
     */
    public Call retryCall(Call failed) {
        if (failed.slot().removed()) {
            failed.slot().health().releaseProbe(failed.probeToken());
            return null;
        }
        BudgetTracker.Reservation reservation = reserve(failed.slot());
        if (reservation == null) {
            failed.slot().health().releaseProbe(failed.probeToken());
            skip(failed.slot(), Attempt.Kind.RETRY, Attempt.SkipReason.OVER_BUDGET);
            return null;
        }
        ConcurrencyLimiter.Permit permit = permitFor(failed.slot(), Attempt.Kind.RETRY, failed.probeToken(),
                reservation);
        if (permit == null) {
            return null;
        }
        retriesOnCurrent++;
        callsMade++;
        Call retry = new Call(failed.slot(), Attempt.Kind.RETRY, failed.probeToken(), failed.panic(), RouterClock.nanos(),
                permit, reservation, promptTokens(failed.slot()));
        started(retry);
        return retry;
    }

    /**
     * A permit of the provider's concurrency limit, or null after recording the skip (a skip, not a failure:
     * the provider's health is untouched, and a probe it was granted is handed back).
     */
    private ConcurrencyLimiter.Permit permitFor(ProviderSlot slot, Attempt.Kind kind, long probeToken,
                                                BudgetTracker.Reservation reservation) {
        ConcurrencyLimiter.Permit permit = slot.stats(core.stats()).limiter().tryAcquire().orElse(null);
        if (permit == null) {
            Accounting.release(reservation);
            slot.health().releaseProbe(probeToken);
            skip(slot, kind, Attempt.SkipReason.CONCURRENCY_LIMIT);
        }
        return permit;
    }

    private Call start(ProviderSlot slot, Attempt.Kind kind, long probeToken, boolean panic, long now,
                       ConcurrencyLimiter.Permit permit, BudgetTracker.Reservation reservation) {
        callsMade++;
        Attempt previous = lastAttempt;
        if (kind != Attempt.Kind.HEDGE && previous != null && core.events().active()
                && !previous.provider().equals(slot.name())) {
            core.events().accept(new RouterEvent.Fallback(id, previous.provider(), slot.name(), reasonOf(previous)));
        }
        Call call = new Call(slot, kind, probeToken, panic, now, permit, reservation, promptTokens(slot));
        started(call);
        return call;
    }

    private void started(Call call) {
        current = call;
        if (core.events().lifecycleWanted()) {
            ProviderSlot slot = call.slot();
            core.events().accept(new RouterEvent.AttemptStarted(id, operation, slot.name(), call.kind(), slot.info(),
                    modelTag(slot)));
        }
    }

    /**
     * The request as {@code call}'s provider gets it: for a request naming an alias, with the model that
     * provider's alias maps to (the caller's request is left as it is); else the request itself.
     */
    public LlmRequest requestFor(Call call) {
        return route.requestFor(call.slot(), request);
    }

    /**
     * The request model the events carry for {@code slot}, a bounded value ({@link ModelTag}): the model the
     * provider is asked for when a provider declares the request's name, else the pricing table's model for
     * it, else none (the provider's configured model stands in).
     */
    private Optional<String> modelTag(ProviderSlot slot) {
        if (route.kind() != ModelRoute.Kind.UNDECLARED) {
            return route.modelFor(slot);
        }
        return ModelTag.undeclared(core.accounting().pricing(), slot.info(), route.name());
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
        if (!claimOutcome()) {
            recordDiscarded(call, latency, usage, responseModel);
            return List.of();
        }
        answered = true;
        providerNanos += latency;
        record(noted(Attempt.success(slot.name(), call.kind(), Duration.ofNanos(latency), usage), call), call,
                Optional.of(responseModel));
        slot.health().onSuccess(call.probeToken(), call.panic());
        List<Attempt> all = List.copyOf(attempts);
        published(Optional.of(slot.name()), Optional.empty(), now, all);
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
        record(noted(Attempt.cancelled(call.slot().name(), call.kind(), Duration.ofNanos(latency)).withUsage(usage),
                call), call, Optional.of(responseModel));
        call.slot().health().releaseProbe(call.probeToken());
    }

    /** True once an answer claimed the request's outcome ({@link #succeeded} is recording or has recorded it). */
    public boolean answered() {
        return answered;
    }

    /** The time since the request entered the router. */
    public Duration elapsed() {
        return Duration.ofNanos(RouterClock.nanos() - startNanos);
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
        ProviderSlot slot = call.slot();
        if (!call.close()) {
            return new FailureDecision(FailureDecision.Next.FAIL_FAST, Duration.ZERO, CooldownPlan.NONE, false);
        }
        long latency = now - call.startNanos();
        providerNanos += latency;
        Attempt attempt = Attempt.failure(slot.name(), call.kind(), Duration.ofNanos(latency), failure);
        attempt = usage.equals(Usage.NONE) && billable(call, failure) ? attempt.withEstimatedUsage(call.estimatedUsage())
                : attempt.withUsage(usage);
        if (failure instanceof InvalidOutput) {
            attempt = attempt.withDetail(failure.getMessage());
        }
        record(noted(attempt, call), call, responseModel);
        // no calls left for this provider means no retry in place: the request leaves it
        FailureDecision decision = core.failurePolicy().decide(failure, retriesOnCurrent,
                mayRetryInPlace ? maxCalls - callsMade : 0, route.modelIsTheRequestsFault());
        if (decision.neverResend()) {
            if (notResent == null) {
                notResent = new ArrayList<>(2);
            }
            notResent.add(slot);
        }
        if (decision.next() == FailureDecision.Next.RETRY_IN_PLACE) {
            // the retry inherits the probe: until it is made, this call is the one a cancellation must release
            current = call;
        } else {
            leave(call, decision.cooldown(), now);
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
        if (decision.next() == FailureDecision.Next.RETRY_IN_PLACE) {
            FailureDecision leaving = core.failurePolicy().decide(call.error(), retriesOnCurrent, 0,
                    route.modelIsTheRequestsFault());
            // the cooldown runs from the failure, not from when the race went on without it
            leave(call, leaving.cooldown(), call.failedAtNanos());
        }
    }

    /** The request leaves the call's provider: the failure's cooldown applies, or the probe goes back. */
    private static void leave(Call call, CooldownPlan cooldown, long now) {
        if (cooldown.none()) {
            call.slot().health().releaseProbe(call.probeToken());
        } else {
            call.slot().health().onFault(now, cooldown, call.error().type());
        }
    }

    /** Time the request spends waiting before an in-place retry (not the router's overhead). */
    public void waiting(Duration wait) {
        waitNanos += wait.toNanos();
    }

    /** The error that ends the request when a failure fails fast; earlier attempts' errors ride along as suppressed. */
    public LlmException failFast(Call call) {
        LlmException failure = call.error();
        List<Attempt> all = List.copyOf(attempts);
        for (Attempt attempt : all) {
            attempt.error().filter(e -> e != failure).ifPresent(failure::addSuppressed);
        }
        finish(Optional.empty(), Optional.of(failure.type()), RouterClock.nanos(), all);
        return failure;
    }

    /** No provider is left to try, or the budget is spent: every attempt, summarised. */
    public AllProvidersFailed exhausted() {
        List<Attempt> all = List.copyOf(attempts);
        String why = callsMade >= maxCalls && hasCandidatesLeft()
                ? "the attempt budget of " + maxCalls + " calls is spent"
                : "no provider could answer";
        AllProvidersFailed failure = new AllProvidersFailed(why + summary(all), all);
        finish(Optional.empty(), Optional.of(ErrorType.ALL_PROVIDERS_FAILED), RouterClock.nanos(), all);
        return failure;
    }

    /**
     * The provider did not give its whole answer within its deadline: the first-token deadline (a whole
     * answer's first token is the answer) or the attempt deadline, whichever is sooner.
     */
    public LlmException attemptTimedOut(Call call) {
        AttemptDeadlines deadlines = call.slot().deadlines();
        Timeout.Kind kind = deadlines.wholeAnswerKind();
        return new Timeout("no answer within the " + (kind == Timeout.Kind.FIRST_TOKEN ? "first-token" : "attempt")
                + " deadline of " + deadlines.wholeAnswer().toMillis() + " ms", ErrorDetails.of(call.slot().name()), kind);
    }

    /** The provider completed without an answer, which its contract forbids. */
    public LlmException emptyAnswer(Call call) {
        return new MalformedResponse("the provider completed without an answer", ErrorDetails.of(call.slot().name()));
    }

    /**
     * The call was cancelled (the caller went away, the request deadline passed, or it lost a hedge race): it
     * carries estimated usage and cost, charged to the provider's budgets, since the vendor bills what it
     * received and generated.
     */
    public void cancelled(Call call) {
        if (call.close()) {
            long latency = RouterClock.nanos() - call.startNanos();
            record(noted(Attempt.cancelled(call.slot().name(), call.kind(), Duration.ofNanos(latency))
                    .withEstimatedUsage(call.estimatedUsage()), call), call, Optional.empty());
            call.slot().health().releaseProbe(call.probeToken());
        }
    }

    /** The call was cancelled before it went out: recorded as cancelled, with no usage since nothing was sent. */
    public void notSent(Call call) {
        if (call.close()) {
            record(Attempt.cancelled(call.slot().name(), call.kind(), Duration.ZERO), call, Optional.empty());
            call.slot().health().releaseProbe(call.probeToken());
        }
    }

    /**
     * True when a failed call without reported usage may still be billed: text arrived (a stream broke), or the
     * router gave up on a request the vendor had received (a deadline other than the connection's).
     */
    private static boolean billable(Call call, LlmException failure) {
        return call.receivedChars() > 0
                || failure instanceof Timeout && ((Timeout) failure).kind() != Timeout.Kind.CONNECT;
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
        List<Attempt> all = List.copyOf(attempts);
        StreamInterrupted interrupted = StreamInterrupted.of("stream broke after " + delivered.length()
                + " characters had reached the consumer (" + cause.type().tag() + ")" + summary(all),
                ErrorDetails.of(cause.provider()), delivered.text(), delivered.length(), cause);
        for (Attempt attempt : all) {
            attempt.error().filter(e -> e != cause).ifPresent(interrupted::addSuppressed);
        }
        finish(Optional.empty(), Optional.of(ErrorType.STREAM_INTERRUPTED), RouterClock.nanos(), all);
        return interrupted;
    }

    /** The caller cancelled the request. */
    public void callerCancelled() {
        releaseProbe();
        finish(Optional.empty(), Optional.empty(), RouterClock.nanos(), List.copyOf(attempts));
    }

    /** The request deadline passed; the call in flight was cancelled. Every attempt's error is suppressed in the result. */
    public LlmException requestTimedOut() {
        releaseProbe();
        List<Attempt> all = List.copyOf(attempts);
        Timeout timeout = new Timeout("no answer within the request timeout of " + core.timeouts().request().toMillis()
                + " ms" + summary(all), ErrorDetails.of("router"), Timeout.Kind.REQUEST);
        all.forEach(a -> a.error().ifPresent(timeout::addSuppressed));
        finish(Optional.empty(), Optional.of(ErrorType.TIMEOUT), RouterClock.nanos(), all);
        return timeout;
    }

    private void releaseProbe() {
        Call call = current;
        if (call != null) {
            call.slot().health().releaseProbe(call.probeToken());
        }
    }

    private boolean hasCandidatesLeft() {
        for (int i = position; i < candidates.size(); i++) {
            if (!candidates.get(i).removed()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A stream broke after {@code deliveredChars} characters reached the consumer and resumes: from now on the
     * calls are continuations, whose prompt holds that text and whose {@code maxTokens} is what is left
     * ({@link ContinuationRequest}); context windows and budget reservations are checked against them.
     */
    public void resumingAfter(long deliveredChars) {
        this.deliveredChars = deliveredChars;
    }

    /** The prompt the provider would get, in estimated tokens: the request's, or a continuation's on resume. */
    private long promptTokens(ProviderSlot slot) {
        if (deliveredChars < 0) {
            if (promptTokens < 0) {
                promptTokens = TokenEstimate.promptTokens(request);
            }
            return promptTokens;
        }
        return TokenEstimate.promptTokens(ContinuationRequest.promptChars(request, deliveredChars,
                slot.info().acceptsAssistantPrefill()));
    }

    /** The most output tokens a call may ask for: the request's {@code maxTokens}, or what is left on resume. */
    private OptionalLong maxOutputTokens() {
        OptionalInt max = deliveredChars < 0 ? request.maxTokens()
                : ContinuationRequest.remainingMaxTokens(request, deliveredChars);
        return max.isPresent() ? OptionalLong.of(max.getAsInt()) : OptionalLong.empty();
    }

    /** Prompt and most output together: what must fit the provider's context window. */
    private long estimatedTokens(ProviderSlot slot) {
        return promptTokens(slot) + maxOutputTokens().orElse(0);
    }

    /** The attempt with the malformed events its call skipped added to its detail, if it skipped any. */
    private static Attempt noted(Attempt attempt, Call call) {
        int skipped = call.skippedEvents();
        if (skipped == 0) {
            return attempt;
        }
        return withNote(attempt, "skipped " + skipped + " malformed event" + (skipped == 1 ? "" : "s"));
    }

    private static Attempt withNote(Attempt attempt, String note) {
        return attempt.withDetail(attempt.detail().map(detail -> detail + "; " + note).orElse(note));
    }

    private void skip(ProviderSlot slot, Attempt.Kind kind, Attempt.SkipReason reason) {
        record(Attempt.skipped(slot.name(), kind, reason), slot, Optional.empty(), Optional.empty(),
                Accounting.NOT_RESERVED);
    }

    /** Records a call's attempt with its cost, settling the call's budget reservation with it. */
    private void record(Attempt unpriced, Call call, Optional<String> responseModel) {
        Attempt attempt = unpriced;
        if (route.kind() == ModelRoute.Kind.ALIAS) {
            // the attempts show which model each provider was asked for, not only the caller's alias
            attempt = withNote(attempt, "model " + route.modelFor(call.slot()).orElse("") + " for alias "
                    + route.name());
        }
        record(attempt, call.slot(), responseModel, call.timeToFirstChunk(), call.reservation());
    }

    /** Records an attempt with its cost, settling {@code reservation} with it (a no-op for attempts without usage). */
    private void record(Attempt unpriced, ProviderSlot slot, Optional<String> responseModel,
                        Optional<Duration> timeToFirstChunk, BudgetTracker.Reservation reservation) {
        Attempt attempt = core.accounting().charge(unpriced, slot.info(), route.modelFor(slot), responseModel,
                reservation);
        attempts.add(attempt);
        lastAttempt = attempt;
        if (core.events().lifecycleWanted()) {
            core.events().accept(new RouterEvent.AttemptFinished(id, operation, attempt, slot.info(), modelTag(slot),
                    responseModel, timeToFirstChunk));
        }
    }

    private void finish(Optional<String> servedBy, Optional<ErrorType> errorType, long now, List<Attempt> all) {
        if (claimOutcome()) {
            published(servedBy, errorType, now, all);
        }
    }

    /**
     * Claims the request's outcome: true for the first of success, failure, deadline and cancellation to ask,
     * which alone records how the request ended.
     */
    private boolean claimOutcome() {
        return finished == 0 && FINISHED.compareAndSet(this, 0, 1);
    }

    /** Publishes how the request ended, once its outcome is claimed. */
    private void published(Optional<String> servedBy, Optional<ErrorType> errorType, long now, List<Attempt> all) {
        if (!core.events().lifecycleWanted()) {
            return;
        }
        long total = now - startNanos;
        long overhead = Math.max(0, total - providerNanos - waitNanos);
        core.events().accept(new RouterEvent.RequestFinished(id, operation, servedBy, errorType,
                Duration.ofNanos(total), Duration.ofNanos(overhead), all));
    }

    private static String reasonOf(Attempt attempt) {
        if (attempt.errorType().isPresent()) {
            return attempt.errorType().get().tag();
        }
        if (attempt.skipReason().isPresent()) {
            return attempt.skipReason().get().name().toLowerCase(Locale.ROOT);
        }
        return attempt.outcome().name().toLowerCase(Locale.ROOT);
    }

    /** "provider: reason" per attempt, never any prompt or answer text. */
    private static String summary(List<Attempt> all) {
        if (all.isEmpty()) {
            return ": no attempt was made";
        }
        StringBuilder sb = new StringBuilder(": ");
        for (int i = 0; i < all.size(); i++) {
            Attempt a = all.get(i);
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(a.provider()).append(": ");
            if (a.outcome() == Attempt.Outcome.SKIPPED) {
                sb.append("skipped ");
            }
            sb.append(reasonOf(a));
        }
        return sb.toString();
    }
}
