package io.relay4j.spring.boot.autoconfigure;

import io.relay4j.core.health.HealthState;
import io.relay4j.core.health.ProviderHealth;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a provider's health reads in the actuator: one status per provider that keeps the application in service while
 * the router can still serve. An available provider (healthy, or half-open for its probe) is {@code UP}. An
 * unavailable one is {@code COOLING_DOWN} or {@code DISABLED} (its {@link io.relay4j.core.health.HealthState}) while
 * another provider is available: statuses Boot's aggregation leaves out, so the aggregate stays {@code UP} and {@code /actuator/health}
 * answers 200. When no provider is available, every provider is {@code DOWN}, and so is the aggregate.
 */
final class ProviderStatus {

    /** The status code of an available provider, and of the aggregate while one is. */
    static final String UP = "UP";
    /** The status code of every provider when none is available. */
    static final String DOWN = "DOWN";

    private ProviderStatus() {
    }

    static boolean anyAvailable(List<ProviderHealth> all) {
        return all.stream().anyMatch(ProviderHealth::available);
    }

    /** The status code of {@code health}, given whether some provider of the router is available. */
    static String code(ProviderHealth health, boolean anyAvailable) {
        if (health.available()) {
            return UP;
        }
        return anyAvailable ? health.state().name() : DOWN;
    }

    /**
     * What the actuator shows of a provider: its state, whether it takes calls, how long it still cools down and
     * until when, its failures since its last success and the type of the last one. Never a key or a prompt.
     */
    static Map<String, Object> details(ProviderHealth health, Instant now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", health.state().name());
        details.put("available", health.available());
        health.cooldownRemaining().ifPresent(remaining -> {
            details.put("coolingDownUntil", now.plus(remaining).toString());
            details.put("cooldownRemaining", remaining.toString());
        });
        details.put("consecutiveFailures", health.consecutiveFailures());
        health.lastError().ifPresent(error -> details.put("lastError", error.name()));
        return details;
    }

    /** Whether the state was set by an operator rather than by failures. */
    static boolean disabled(ProviderHealth health) {
        return health.state() == HealthState.DISABLED;
    }
}
