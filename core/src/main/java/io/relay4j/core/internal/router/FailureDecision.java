package io.relay4j.core.internal.router;

import java.time.Duration;

/**
 * The answer to "this attempt failed with this error: what next?".
 *
 * @param next         the request's next step
 * @param retryDelay   for {@link Next#RETRY_IN_PLACE}, the wait before the retry
 * @param cooldown     what the failure does to the provider's health: weighed in its window at once (an outlier
 *                     fault), applied when the request leaves it (a fault that ejects at once)
 * @param neverResend  the request must not be sent to this provider again
 */
public record FailureDecision(Next next, Duration retryDelay, CooldownPlan cooldown, boolean neverResend) {

    /** The request's next step. */
    public enum Next { RETRY_IN_PLACE, FALL_OVER, FAIL_FAST }
}
