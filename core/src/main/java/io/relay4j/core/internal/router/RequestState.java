package io.relay4j.core.internal.router;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.ProviderCallObserver;
import io.relay4j.core.Usage;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.InvalidOutput;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.error.StreamInterrupted;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.event.Operation;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.internal.TokenEstimate;
import io.relay4j.core.internal.strategy.ConcurrencyLimiter;
import io.relay4j.core.validation.OutputValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import reactor.util.context.Context;

/**
 * One request's way through the providers, independent of how answers are delivered (a whole answer or a
 * stream): which provider comes next and which are skipped, the call budget, what each outcome does to
 * health, each attempt's cost and its charge to the provider's budget, the answer's validation, the attempts
 * record, and the request's events.
 *
 * <p>Not thread-safe in general: a request's steps run one after another, each after the previous signal.
 * Only a cancellation or the request deadline may run concurrently with a step; they touch only the
 * concurrent attempts queue, the call's claim flag and the request's finish flag. A hedged request has
 * several calls in flight at once: its execution holds this object's monitor around every step.
 */
public final class RequestState {

    private static final AtomicIntegerFieldUpdater<RequestState> FINISHED =
            AtomicIntegerFieldUpdater.newUpdater(RequestState.class, "finished");

    private final RouterCore core;
    private final LlmRequest request;
    private final Operation operation;
    private final long id;
    private final long startNanos;
    private final List<ProviderSlot> candidates;
    private final int maxCalls;
    private final Optional<OutputValidator> validator;
    private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private int position;
    private int callsMade;
    private int retriesOnCurrent;
    private long estimatedTokens = -1;
    private List<ProviderSlot> notResent;
    private Attempt lastAttempt;
    private long providerNanos;
    private long waitNanos;
    private volatile Call current;
    private volatile int finished;

    /** A request whose answers are checked by the router's default validator, if it has one. */
    public RequestState(RouterCore core, LlmRequest request, Operation operation) {
        this(core, request, operation, core.accounting().validator());
    }

    /** A request whose answers are checked by {@code validator} instead of the router's default. */
    public RequestState(RouterCore core, LlmRequest request, Operation operation, Optional<OutputValidator> validator) {
        this.core = core;
        this.request = request;
        this.operation = operation;
        this.validator = validator;
        this.id = core.nextRequestId();
        this.startNanos = RouterClock.nanos();
        ProviderRegistry.View view = core.registry().view();
        this.candidates = core.candidates(request, view);
        this.maxCalls = core.maxCalls(view.slots().size());
        if (core.events().lifecycleWanted()) {
            core.events().accept(new RouterEvent.RequestStarted(id, operation, request));
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
            if (notResent != null && notResent.contains(slot)) {
                skip(slot, kind, Attempt.SkipReason.NOT_RESENT);
                continue;
            }
            if (!slot.fits(estimatedTokens())) {
                skip(slot, kind, Attempt.SkipReason.CONTEXT_WINDOW);
                continue;
            }
            if (!core.accounting().allows(slot.name())) {
                skip(slot, kind, Attempt.SkipReason.OVER_BUDGET);
                continue;
            }
            long admission = slot.health().tryAcquire(now);
            if (admission == HealthTracker.SKIP_DISABLED) {
                skip(slot, kind, Attempt.SkipReason.DISABLED);
                continue;
            }
            if (admission == HealthTracker.SKIP_COOLING_DOWN) {
                skip(slot, kind, Attempt.SkipReason.COOLING_DOWN);
                long remaining = slot.health().remainingNanos(now);
                if (remaining < soonestRemaining) {
                    soonest = slot;
                    soonestRemaining = remaining;
                }
                continue;
            }
            ConcurrencyLimiter.Permit permit = permitFor(slot, kind, admission);
            if (permit != null) {
                return start(slot, kind, admission, false, now, permit);
            }
        }
        if (panicAllowed && callsMade == 0 && soonest != null) {
            ConcurrencyLimiter.Permit permit = permitFor(soonest, Attempt.Kind.FALLBACK, HealthTracker.ADMITTED);
            return permit == null ? null : start(soonest, Attempt.Kind.FALLBACK, HealthTracker.ADMITTED, true, now, permit);
        }
        return null;
    }

    /**
     * The same provider again, after an in-place retry's wait; it keeps the probe if the first call had it.
     * Null when the provider has spent its budget or reached its concurrency limit meanwhile: the retry is
     * recorded as skipped and the request moves on with {@link #nextCall()}.
     */
    public Call retryCall(Call failed) {
        if (!core.accounting().allows(failed.slot().name())) {
            failed.slot().health().releaseProbe(failed.probeToken());
            skip(failed.slot(), Attempt.Kind.RETRY, Attempt.SkipReason.OVER_BUDGET);
            return null;
        }
        ConcurrencyLimiter.Permit permit = permitFor(failed.slot(), Attempt.Kind.RETRY, failed.probeToken());
        if (permit == null) {
            return null;
        }
        retriesOnCurrent++;
        callsMade++;
        Call retry = new Call(failed.slot(), Attempt.Kind.RETRY, failed.probeToken(), failed.panic(), RouterClock.nanos(),
                permit);
        started(retry);
        return retry;
    }

    /**
     * A permit of the provider's concurrency limit, or null after recording the skip (a skip, not a failure:
     * the provider's health is untouched, and a probe it was granted is handed back).
     */
    private ConcurrencyLimiter.Permit permitFor(ProviderSlot slot, Attempt.Kind kind, long probeToken) {
        ConcurrencyLimiter.Permit permit = slot.stats(core.stats()).limiter().tryAcquire().orElse(null);
        if (permit == null) {
            slot.health().releaseProbe(probeToken);
            skip(slot, kind, Attempt.SkipReason.CONCURRENCY_LIMIT);
        }
        return permit;
    }

    private Call start(ProviderSlot slot, Attempt.Kind kind, long probeToken, boolean panic, long now,
                       ConcurrencyLimiter.Permit permit) {
        callsMade++;
        Attempt previous = lastAttempt;
        if (kind != Attempt.Kind.HEDGE && previous != null && core.events().active()
                && !previous.provider().equals(slot.name())) {
            core.events().accept(new RouterEvent.Fallback(id, previous.provider(), slot.name(), reasonOf(previous)));
        }
        Call call = new Call(slot, kind, probeToken, panic, now, permit);
        started(call);
        return call;
    }

    private void started(Call call) {
        current = call;
        if (core.events().lifecycleWanted()) {
            ProviderSlot slot = call.slot();
            core.events().accept(new RouterEvent.AttemptStarted(id, operation, slot.name(), call.kind(), slot.info(),
                    request.model()));
        }
    }

    /**
     * The subscriber context to make {@code call} with: it holds the call's own
     * {@link io.relay4j.core.ProviderCallObserver}, through which the provider reports what it skipped.
     */
    public Context observing(Call call) {
        return new CallObserver(call, id, core.events()).context();
    }

    /** The {@link io.relay4j.core.ProviderCallObserver} of {@code call}, for a subscriber that builds its own context. */
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
     * The call answered: records it with its cost (charged to the provider's budget), closes the provider's
     * breaker if this was its probe, and ends the request. The answer's cost is then
     * {@link Accounting#answerCost(List)} of the returned attempts.
     *
     * @return every attempt of the request, in order; empty when the call had already been cancelled
     */
    public List<Attempt> succeeded(Call call, Usage usage, String responseModel) {
        long now = RouterClock.nanos();
        if (!call.close()) {
            return List.of();
        }
        long latency = now - call.startNanos();
        providerNanos += latency;
        ProviderSlot slot = call.slot();
        record(noted(Attempt.success(slot.name(), call.kind(), Duration.ofNanos(latency), usage), call), slot,
                Optional.of(responseModel), call.timeToFirstChunk());
        slot.health().onSuccess(call.probeToken(), call.panic());
        List<Attempt> all = List.copyOf(attempts);
        finish(Optional.of(slot.name()), Optional.empty(), now, all);
        return all;
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
        return failed(call, error, Usage.NONE, Optional.empty());
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
        call.failedWith(failure);
        long now = RouterClock.nanos();
        ProviderSlot slot = call.slot();
        if (!call.close()) {
            return new FailureDecision(FailureDecision.Next.FAIL_FAST, Duration.ZERO, CooldownPlan.NONE, false);
        }
        long latency = now - call.startNanos();
        providerNanos += latency;
        Attempt attempt = Attempt.failure(slot.name(), call.kind(), Duration.ofNanos(latency), failure).withUsage(usage);
        if (failure instanceof InvalidOutput) {
            attempt = attempt.withDetail(failure.getMessage());
        }
        record(noted(attempt, call), slot, responseModel, call.timeToFirstChunk());
        // no calls left for this provider means no retry in place: the request leaves it
        FailureDecision decision = core.failurePolicy().decide(failure, retriesOnCurrent,
                mayRetryInPlace ? maxCalls - callsMade : 0);
        if (decision.neverResend()) {
            if (notResent == null) {
                notResent = new ArrayList<>(2);
            }
            notResent.add(slot);
        }
        if (decision.next() != FailureDecision.Next.RETRY_IN_PLACE) {
            if (decision.cooldown().none()) {
                slot.health().releaseProbe(call.probeToken());
            } else {
                slot.health().onFault(now, decision.cooldown(), failure.type());
            }
        }
        return decision;
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

    /** The call was cancelled (the caller went away or the request deadline passed). */
    public void cancelled(Call call) {
        if (call.close()) {
            long latency = RouterClock.nanos() - call.startNanos();
            record(noted(Attempt.cancelled(call.slot().name(), call.kind(), Duration.ofNanos(latency)), call), call.slot(),
                    Optional.empty(), call.timeToFirstChunk());
            call.slot().health().releaseProbe(call.probeToken());
        }
    }

    /**
     * A stream failed after its commit point: records the call and applies the failure to the provider's
     * health like {@link #failed}, but never decides a retry in place, which would send the consumer the same
     * text twice. The decision tells whether the error's policy lets the request go on elsewhere.
     */
    public FailureDecision failedAfterCommit(Call call, Throwable error) {
        return failed(call, error, Usage.NONE, Optional.empty(), false);
    }

    /**
     * Ends a stream that broke after its commit point: the error carries the text the consumer received and
     * the failure that broke it; every other attempt's error rides along as suppressed.
     */
    public StreamInterrupted interrupted(String partialText, LlmException cause) {
        List<Attempt> all = List.copyOf(attempts);
        StreamInterrupted interrupted = new StreamInterrupted("stream broke after " + partialText.length()
                + " characters had reached the consumer (" + cause.type().tag() + ")" + summary(all),
                ErrorDetails.of(cause.provider()), partialText, cause);
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

    private long estimatedTokens() {
        if (estimatedTokens < 0) {
            estimatedTokens = TokenEstimate.promptTokens(request) + request.maxTokens().orElse(0);
        }
        return estimatedTokens;
    }

    /** The attempt with the malformed events its call skipped added to its detail, if it skipped any. */
    private static Attempt noted(Attempt attempt, Call call) {
        int skipped = call.skippedEvents();
        if (skipped == 0) {
            return attempt;
        }
        String note = "skipped " + skipped + " malformed event" + (skipped == 1 ? "" : "s");
        return attempt.withDetail(attempt.detail().map(detail -> detail + "; " + note).orElse(note));
    }

    private void skip(ProviderSlot slot, Attempt.Kind kind, Attempt.SkipReason reason) {
        record(Attempt.skipped(slot.name(), kind, reason), slot, Optional.empty(), Optional.empty());
    }

    /** Records an attempt with its cost, charged to the provider's budget (a no-op for attempts without usage). */
    private void record(Attempt unpriced, ProviderSlot slot, Optional<String> responseModel,
                        Optional<Duration> timeToFirstChunk) {
        Attempt attempt = core.accounting().charge(unpriced, slot.info(), request.model(), responseModel);
        attempts.add(attempt);
        lastAttempt = attempt;
        if (core.events().lifecycleWanted()) {
            core.events().accept(new RouterEvent.AttemptFinished(id, operation, attempt, slot.info(), request.model(),
                    responseModel, timeToFirstChunk));
        }
    }

    private void finish(Optional<String> servedBy, Optional<ErrorType> errorType, long now, List<Attempt> all) {
        if (!FINISHED.compareAndSet(this, 0, 1) || !core.events().lifecycleWanted()) {
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
