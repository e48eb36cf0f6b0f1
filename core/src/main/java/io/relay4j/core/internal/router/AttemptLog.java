package io.relay4j.core.internal.router;

import io.relay4j.core.Attempt;
import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.event.Operation;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.internal.telemetry.ModelTag;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * A request's attempts record: each attempt priced and charged to its provider's budget (settling the call's
 * reservation), and the attempt lifecycle events ({@code AttemptStarted}, {@code AttemptFinished},
 * {@code Fallback}). The attempts list is swapped atomically because a cancellation or the request deadline may record or
 * read it while a step runs; the rest follows {@link RequestState}'s threading rule.
 */
final class AttemptLog {

    private final RouterCore core;
    private final long id;
    private final Operation operation;
    private final ModelRoute route;
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<AttemptLog, List> ATTEMPTS =
            AtomicReferenceFieldUpdater.newUpdater(AttemptLog.class, List.class, "attempts");

    /**
     * Every attempt so far as an immutable list, replaced (compare-and-set) on each record: a request has a
     * handful of attempts, so copying on write costs less than a concurrent queue's nodes and the copy every
     * read would need, and a read is free.
     */
    private volatile List<Attempt> attempts = List.of();
    private Attempt lastAttempt;

    AttemptLog(RouterCore core, long id, Operation operation, ModelRoute route) {
        this.core = core;
        this.id = id;
        this.operation = operation;
        this.route = route;
    }

    /** Every attempt so far, in order. */
    List<Attempt> all() {
        return attempts;
    }

    boolean isEmpty() {
        return attempts.isEmpty();
    }

    /** Announces a call going out. */
    void started(Call call) {
        if (core.events().lifecycleWanted()) {
            ProviderSlot slot = call.slot();
            core.events().accept(new RouterEvent.AttemptStarted(id, operation, slot.name(), call.kind(), slot.info(),
                    modelTag(slot)));
        }
    }

    /** Announces that the request falls over to {@code slot} when the last attempt was another provider's. */
    void fallingOverTo(ProviderSlot slot, Attempt.Kind kind) {
        Attempt previous = lastAttempt;
        if (kind != Attempt.Kind.HEDGE && previous != null && core.events().active()
                && !previous.provider().equals(slot.name())) {
            core.events().accept(new RouterEvent.Fallback(id, previous.provider(), slot.name(), reasonOf(previous)));
        }
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

    void skip(ProviderSlot slot, Attempt.Kind kind, Attempt.SkipReason reason) {
        record(Attempt.skipped(slot.name(), kind, reason), slot, Optional.empty(), Optional.empty(),
                Accounting.NOT_RESERVED);
    }

    /** A skip with a short detail saying why (bounded text, never request content). */
    void skip(ProviderSlot slot, Attempt.Kind kind, Attempt.SkipReason reason, String detail) {
        record(Attempt.skipped(slot.name(), kind, reason).withDetail(detail), slot, Optional.empty(),
                Optional.empty(), Accounting.NOT_RESERVED);
    }

    /** Records a call's attempt with its cost, settling the call's budget reservation with it. */
    void record(Attempt unpriced, Call call, Optional<String> responseModel) {
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
        append(attempt);
        lastAttempt = attempt;
        if (core.events().lifecycleWanted()) {
            core.events().accept(new RouterEvent.AttemptFinished(id, operation, attempt, slot.info(), modelTag(slot),
                    responseModel, timeToFirstChunk));
        }
    }

    private void append(Attempt attempt) {
        List<Attempt> before;
        List<Attempt> after;
        do {
            before = attempts;
            after = appended(before, attempt);
        } while (!ATTEMPTS.compareAndSet(this, before, after));
    }

    private static List<Attempt> appended(List<Attempt> list, Attempt attempt) {
        switch (list.size()) {
            case 0:
                return List.of(attempt);
            case 1:
                return List.of(list.get(0), attempt);
            default:
                Attempt[] all = list.toArray(new Attempt[list.size() + 1]);
                all[list.size()] = attempt;
                return List.of(all);
        }
    }

    /** The attempt with the malformed events its call skipped added to its detail, if it skipped any. */
    static Attempt noted(Attempt attempt, Call call) {
        int skipped = call.skippedEvents();
        if (skipped == 0) {
            return attempt;
        }
        return withNote(attempt, "skipped " + skipped + " malformed event" + (skipped == 1 ? "" : "s"));
    }

    private static Attempt withNote(Attempt attempt, String note) {
        return attempt.withDetail(attempt.detail().map(detail -> detail + "; " + note).orElse(note));
    }

    /** Why an attempt did not answer, as a short bounded tag (never prompt or answer text). */
    static String reasonOf(Attempt attempt) {
        if (attempt.errorType().isPresent()) {
            return attempt.errorType().get().tag();
        }
        if (attempt.skipReason().isPresent()) {
            return attempt.skipReason().get().name().toLowerCase(Locale.ROOT);
        }
        return attempt.outcome().name().toLowerCase(Locale.ROOT);
    }
}
