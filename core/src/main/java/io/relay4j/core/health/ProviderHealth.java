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
 */
public record ProviderHealth(String provider, HealthState state, Optional<Duration> cooldownRemaining,
                             int consecutiveFailures, Optional<ErrorType> lastError) {

    public ProviderHealth {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(cooldownRemaining, "cooldownRemaining");
        Objects.requireNonNull(lastError, "lastError");
    }

    /** True when the provider would be called now (healthy, or half-open with no probe running). */
    public boolean available() {
        return state == HealthState.HEALTHY || state == HealthState.HALF_OPEN;
    }
}
