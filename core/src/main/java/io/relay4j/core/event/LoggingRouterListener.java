package io.relay4j.core.event;

import io.relay4j.core.Attempt;
import io.relay4j.core.health.HealthState;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what an operator needs to see, through SLF4J logger {@code io.relay4j.router}: a request leaving a
 * provider because it failed at WARN (from, to, reason), a request passing over a provider that was
 * skipped (cooling down, disabled, ...) at DEBUG since the state change was already logged, and every
 * health state transition at INFO (an ejection with why: {@code ejected: failure_rate}, {@code immediate}, ...). Never logs prompt or answer text, keys or error messages, only
 * provider names, error types and durations. On by default on every router.
 */
public final class LoggingRouterListener implements RouterListener {

    private static final Logger LOG = LoggerFactory.getLogger("io.relay4j.router");
    private static final Set<String> SKIP_REASONS = new HashSet<>();

    static {
        for (Attempt.SkipReason reason : Attempt.SkipReason.values()) {
            SKIP_REASONS.add(reason.name().toLowerCase(Locale.ROOT));
        }
    }

    @Override
    public void onEvent(RouterEvent event) {
        if (event instanceof RouterEvent.Fallback) {
            RouterEvent.Fallback fallback = (RouterEvent.Fallback) event;
            if (SKIP_REASONS.contains(fallback.reason())) {
                LOG.debug("request {} passes over provider {} ({}) to {}", fallback.requestId(), fallback.from(),
                        fallback.reason(), fallback.to());
            } else {
                LOG.warn("request {} falls over from provider {} to {}: {}", fallback.requestId(), fallback.from(),
                        fallback.to(), fallback.reason());
            }
        } else if (event instanceof RouterEvent.ProviderEjected) {
            RouterEvent.ProviderEjected e = (RouterEvent.ProviderEjected) event;
            if (LOG.isInfoEnabled()) {
                LOG.info("provider {} {} -> COOLING_DOWN for {} ms{}, ejected: {}", e.provider(), e.from(),
                        e.cooldown().toMillis(), e.cause().map(c -> " after " + c.tag()).orElse(""), e.reason().tag());
            }
        } else if (event instanceof RouterEvent.StateTransition) {
            RouterEvent.StateTransition t = (RouterEvent.StateTransition) event;
            // an ejection is logged with its reason, from the ProviderEjected event that follows
            if (t.to() != HealthState.COOLING_DOWN && LOG.isInfoEnabled()) {
                LOG.info("provider {} {} -> {}{}{}", t.provider(), t.from(), t.to(),
                        t.cooldown().map(d -> " for " + d.toMillis() + " ms").orElse(""),
                        t.cause().map(c -> " after " + c.tag()).orElse(""));
            }
        }
    }
}
