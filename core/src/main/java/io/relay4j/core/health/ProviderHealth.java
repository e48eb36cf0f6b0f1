package io.relay4j.core.health;

import io.relay4j.core.error.ErrorType;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A point-in-time view of one provider's health.
 *
 * @param provider            the provider's name
 * @param state               its state
 * @param cooldownRemaining   for {@link HealthState#COOLING_DOWN}, the time left until it may be probed
 * @param consecutiveFailures failures since its last success
 * @param lastError           the type of its last failure, if any since its last success
 * @param reason              why it is out of rotation, while it is not {@link HealthState#HEALTHY}
 * @param windowFailureRate   the share (0 to 1) of failed calls among its recent calls (its outlier window), 0 when
 *                            it has none
 * @param trafficShare        the share (0 to 1) of the requests that may try it first: below 1 during the slow
 *                            start after a cooldown, 1 otherwise
 */
public record ProviderHealth(String provider, HealthState state, Optional<Duration> cooldownRemaining,
                             int consecutiveFailures, Optional<ErrorType> lastError, Optional<EjectionReason> reason,
                             double windowFailureRate, double trafficShare) {

    public ProviderHealth {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(cooldownRemaining, "cooldownRemaining");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(reason, "reason");
    }

    /** A view without an ejection reason, a failure rate or a slow start (the form before outlier detection). */
    public ProviderHealth(String provider, HealthState state, Optional<Duration> cooldownRemaining,
                          int consecutiveFailures, Optional<ErrorType> lastError) {
        this(provider, state, cooldownRemaining, consecutiveFailures, lastError, Optional.empty(), 0, 1);
    }

    /** True when the provider would be called now (healthy, or half-open with no probe running). */
    public boolean available() {
        return state == HealthState.HEALTHY || state == HealthState.HALF_OPEN;
    }
}
