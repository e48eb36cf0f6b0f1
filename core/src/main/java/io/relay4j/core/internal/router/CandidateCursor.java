package io.relay4j.core.internal.router;

import io.relay4j.core.Attempt;
import io.relay4j.core.Capability;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.internal.TokenEstimate;
import io.relay4j.core.internal.stream.ContinuationRequest;
import io.relay4j.core.internal.strategy.ConcurrencyLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A request's walk through its candidate providers and the call budget: which provider the next call goes to,
 * and which are skipped on the way and why (removed, not resent, model not offered, a capability the request
 * needs and the provider does not declare, context window, budget
 * reservation, health, concurrency limit), with panic mode when every provider cools down. Every skip is
 * recorded in the {@link AttemptLog}; a call it hands out holds its budget reservation, its concurrency
 * permit and, if granted, the provider's probe. Runs only in {@link RequestState}'s steps, never concurrently.
 */
final class CandidateCursor {

    private final RouterCore core;
    private final LlmRequest request;
    private final ModelRoute route;
    private final List<ProviderSlot> candidates;
    private final int maxCalls;
    private final AttemptLog log;
    /** What a provider must declare to be sent this request (empty for plain text, the common case). */
    private final Set<Capability> needs;
    private int position;
    private int callsMade;
    private int retriesOnCurrent;
    private long promptTokens = -1;
    private long deliveredChars = -1;
    private List<ProviderSlot> notResent;

    CandidateCursor(RouterCore core, LlmRequest request, ModelRoute route, ProviderRegistry.View view,
                    AttemptLog log) {
        this.core = core;
        this.request = request;
        this.route = route;
        this.candidates = core.candidates(request, view, route);
        this.maxCalls = core.maxCalls(view.slots().size());
        this.log = log;
        this.needs = request.requiredCapabilities();
    }

    /** "lacks images, tools": what the request needs and {@code slot} does not declare, never request content. */
    private String missing(ProviderSlot slot) {
        StringBuilder lacks = new StringBuilder("lacks ");
        for (Capability capability : needs) {
            if (!slot.info().capabilities().contains(capability)) {
                if (lacks.length() > "lacks ".length()) {
                    lacks.append(", ");
                }
                lacks.append(capability.name().toLowerCase(Locale.ROOT));
            }
        }
        return lacks.toString();
    }

    /**
     * The first call to the next provider (see {@link RequestState#nextCall()}); null when none is left.
     *
     * @param forcedKind the kind of the call and of the skips on the way ({@link Attempt.Kind#HEDGE} for a hedge),
     *                   or null for {@code PRIMARY} on the request's first step and {@code FALLBACK} after it
     */
    Call next(Attempt.Kind forcedKind, boolean panicAllowed) {
        if (forcedKind != Attempt.Kind.HEDGE) {
            // a call to another provider (not a hedge beside the current one) starts its retry count afresh
            retriesOnCurrent = 0;
        }
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
                    : log.isEmpty() ? Attempt.Kind.PRIMARY : Attempt.Kind.FALLBACK;
            if (!route.offers(slot)) {
                log.skip(slot, kind, Attempt.SkipReason.MODEL_NOT_OFFERED);
                continue;
            }
            if (notResent != null && notResent.contains(slot)) {
                log.skip(slot, kind, Attempt.SkipReason.NOT_RESENT);
                continue;
            }
            if (!needs.isEmpty() && !slot.info().supports(needs)) {
                log.skip(slot, kind, Attempt.SkipReason.MISSING_CAPABILITY, missing(slot));
                continue;
            }
            if (!slot.fits(estimatedTokens(slot))) {
                log.skip(slot, kind, Attempt.SkipReason.CONTEXT_WINDOW);
                continue;
            }
            BudgetTracker.Reservation reservation = reserve(slot);
            if (reservation == null) {
                log.skip(slot, kind, Attempt.SkipReason.OVER_BUDGET);
                continue;
            }
            long admission = slot.health().tryAcquire(now);
            if (admission == HealthTracker.SKIP_DISABLED) {
                Accounting.release(reservation);
                log.skip(slot, kind, Attempt.SkipReason.DISABLED);
                continue;
            }
            if (admission == HealthTracker.SKIP_COOLING_DOWN) {
                Accounting.release(reservation);
                log.skip(slot, kind, Attempt.SkipReason.COOLING_DOWN);
                long remaining = slot.health().remainingNanos(now);
                if (remaining < soonestRemaining) {
                    soonest = slot;
                    soonestRemaining = remaining;
                }
                continue;
            }
            ConcurrencyLimiter permit = permitFor(slot, kind, admission, reservation);
            if (permit != null) {
                return start(slot, kind, admission, false, now, permit, reservation);
            }
        }
        if (panicAllowed && callsMade == 0 && soonest != null) {
            BudgetTracker.Reservation reservation = reserve(soonest);
            if (reservation == null) {
                return null;
            }
            ConcurrencyLimiter permit = permitFor(soonest, Attempt.Kind.FALLBACK, HealthTracker.ADMITTED,
                    reservation);
            return permit == null ? null
                    : start(soonest, Attempt.Kind.FALLBACK, HealthTracker.ADMITTED, true, now, permit, reservation);
        }
        return null;
    }

    /** The same provider again (see {@link RequestState#retryCall}); null when it cannot be called now. */
    Call retry(Call failed) {
        if (failed.slot().removed()) {
            failed.slot().health().releaseProbe(failed.probeToken());
            return null;
        }
        BudgetTracker.Reservation reservation = reserve(failed.slot());
        if (reservation == null) {
            failed.slot().health().releaseProbe(failed.probeToken());
            log.skip(failed.slot(), Attempt.Kind.RETRY, Attempt.SkipReason.OVER_BUDGET);
            return null;
        }
        ConcurrencyLimiter permit = permitFor(failed.slot(), Attempt.Kind.RETRY, failed.probeToken(),
                reservation);
        if (permit == null) {
            return null;
        }
        retriesOnCurrent++;
        callsMade++;
        return new Call(failed.slot(), Attempt.Kind.RETRY, failed.probeToken(), failed.panic(), RouterClock.nanos(),
                permit, reservation, promptTokens(failed.slot()));
    }

    /** The call's worst case reserved on the provider's budgets; null when a budget is spent (skip it). */
    private BudgetTracker.Reservation reserve(ProviderSlot slot) {
        return core.accounting().reserve(slot.name(), slot.info(), route.modelFor(slot), promptTokens(slot),
                maxOutputTokens());
    }

    /**
     * The provider's concurrency limiter with one of its slots taken for the call (which gives it back when
     * closed), or null after recording the skip (a skip, not a failure:
     * the provider's health is untouched, and a probe it was granted is handed back).
     */
    private ConcurrencyLimiter permitFor(ProviderSlot slot, Attempt.Kind kind, long probeToken,
                                                BudgetTracker.Reservation reservation) {
        ConcurrencyLimiter limiter = slot.stats(core.stats()).limiter();
        if (!limiter.tryTake()) {
            Accounting.release(reservation);
            slot.health().releaseProbe(probeToken);
            log.skip(slot, kind, Attempt.SkipReason.CONCURRENCY_LIMIT);
            return null;
        }
        return limiter;
    }

    private Call start(ProviderSlot slot, Attempt.Kind kind, long probeToken, boolean panic, long now,
                       ConcurrencyLimiter permit, BudgetTracker.Reservation reservation) {
        callsMade++;
        log.fallingOverTo(slot, kind);
        return new Call(slot, kind, probeToken, panic, now, permit, reservation, promptTokens(slot));
    }

    /** In-place retries made on the current provider. */
    int retriesOnCurrent() {
        return retriesOnCurrent;
    }

    /** Calls the budget still allows. */
    int callsLeft() {
        return maxCalls - callsMade;
    }

    int maxCalls() {
        return maxCalls;
    }

    /** True when the call budget, not a lack of providers, ends the walk. */
    boolean budgetSpent() {
        return callsMade >= maxCalls && hasCandidatesLeft();
    }

    /** The walk skips {@code slot} from now on: the request must not be sent to it again. */
    void neverResendTo(ProviderSlot slot) {
        if (notResent == null) {
            notResent = new ArrayList<>(2);
        }
        notResent.add(slot);
    }

    private boolean hasCandidatesLeft() {
        for (int i = position; i < candidates.size(); i++) {
            if (!candidates.get(i).removed()) {
                return true;
            }
        }
        return false;
    }

    /** See {@link RequestState#resumingAfter}. */
    void resumingAfter(long deliveredChars) {
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
}
