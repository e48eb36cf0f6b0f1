package io.relay4j.core.internal.router;

import io.relay4j.core.Attempt;
import io.relay4j.core.Usage;
import io.relay4j.core.error.InvalidOutput;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.Timeout;
import java.time.Duration;

/**
 * What a failed call does beyond the request's record: the failure policy's decision (retry in place, fall
 * over, fail fast), a provider the request must not be resent to, and the failure applied to the provider's
 * health (its cooldown, or its probe handed back) when the request leaves it. Runs in
 * {@link RequestState}'s steps.
 */
final class ProviderFailures {

    private final FailurePolicy policy;
    private final ModelRoute route;
    private final CandidateCursor cursor;

    ProviderFailures(FailurePolicy policy, ModelRoute route, CandidateCursor cursor) {
        this.policy = policy;
        this.route = route;
        this.cursor = cursor;
    }

    /**
     * The failed call's attempt: with the usage the vendor reported, or an estimate when it reported none
     * but may still bill the call; an {@link InvalidOutput}'s message becomes its detail.
     */
    static Attempt attempt(Call call, LlmException failure, long latencyNanos, Usage usage) {
        Attempt attempt = Attempt.failure(call.slot().name(), call.kind(), Duration.ofNanos(latencyNanos), failure);
        attempt = usage.equals(Usage.NONE) && billable(call, failure) ? attempt.withEstimatedUsage(call.estimatedUsage())
                : attempt.withUsage(usage);
        if (failure instanceof InvalidOutput) {
            attempt = attempt.withDetail(failure.getMessage());
        }
        return attempt;
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
     * What follows the recorded failure of {@code call}. Unless the call is retried in place, the request
     * leaves the provider now and the failure reaches its health.
     */
    FailureDecision decide(Call call, LlmException failure, boolean mayRetryInPlace, long now) {
        // no calls left for this provider means no retry in place: the request leaves it
        FailureDecision decision = policy.decide(failure, cursor.retriesOnCurrent(),
                mayRetryInPlace ? cursor.callsLeft() : 0, route.modelIsTheRequestsFault());
        if (decision.neverResend()) {
            cursor.neverResendTo(call.slot());
        }
        // every failed call counts in the provider's window, a retried one too: the window weighs calls
        call.slot().health().onFailure(now, decision.cooldown(), failure.type(), call.probeToken());
        if (decision.next() != FailureDecision.Next.RETRY_IN_PLACE) {
            leave(call, decision.cooldown(), now);
        }
        return decision;
    }

    /** See {@link RequestState#leftRace}. */
    void leftRace(Call call, FailureDecision decision) {
        if (decision.next() == FailureDecision.Next.RETRY_IN_PLACE) {
            // the cooldown runs from the failure, not from when the race went on without it
            leave(call, decision.cooldown(), call.failedAtNanos());
        }
    }

    /**
     * The request leaves the call's provider: a fault that ejects at once (or a failed probe) trips it, or the
     * probe goes back.
     */
    private static void leave(Call call, CooldownPlan cooldown, long now) {
        call.slot().health().onLeft(now, cooldown, call.error().type(), call.probeToken());
    }
}
