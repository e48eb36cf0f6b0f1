package io.relay4j.core.internal.router;

import io.relay4j.core.error.ErrorType;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.health.ProviderHealth;
import io.relay4j.core.router.CooldownConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One provider's circuit breaker: {@code HEALTHY -> COOLING_DOWN -> HALF_OPEN -> HEALTHY}, or back to
 * {@code COOLING_DOWN} with a grown cooldown when the probe fails; {@code DISABLED} by hand.
 *
 * <p>Lock-free: the state is one immutable value swapped by compare-and-set, so a healthy provider costs
 * one volatile read per request and no allocation. The half-open probe is a token: exactly one request
 * holds it at a time, and only that holder's outcome (or a release by that holder) ends the half-open
 * state, so a late straggler cannot let a second probe through.
 *
 * <p>A failure while cooling down keeps the later deadline and does not grow the backoff (many requests
 * failing at once are one outage, not many). {@code consecutiveFailures} counts the failures that tripped
 * or extended the breaker since the last success.
 */
public final class HealthTracker {

    /** {@link #tryAcquire} result: admitted as an ordinary request. */
    public static final long ADMITTED = 0;
    /** {@link #tryAcquire} result: cooling down, or half-open with its probe already running. */
    public static final long SKIP_COOLING_DOWN = -1;
    /** {@link #tryAcquire} result: disabled by hand. */
    public static final long SKIP_DISABLED = -2;

    private record State(HealthState state, long until, int failures, int trips, ErrorType lastError, long probe) {
        State withProbe(long token) {
            return new State(state == HealthState.COOLING_DOWN ? HealthState.HALF_OPEN : state, until, failures, trips,
                    lastError, token);
        }
    }

    private static final State FRESH = new State(HealthState.HEALTHY, 0, 0, 0, null, 0);

    private final String provider;
    private final CooldownConfig cooldowns;
    private final Consumer<RouterEvent> events;
    private final AtomicReference<State> state = new AtomicReference<>(FRESH);
    private final AtomicLong probeTokens = new AtomicLong();

    public HealthTracker(String provider, CooldownConfig cooldowns, Consumer<RouterEvent> events) {
        this.provider = provider;
        this.cooldowns = cooldowns;
        this.events = events;
    }

    /**
     * Asks to call the provider now: {@link #ADMITTED}, a positive probe token (the caller is the half-open
     * probe and must report its outcome with that token), {@link #SKIP_COOLING_DOWN} or {@link #SKIP_DISABLED}.
     */
    public long tryAcquire(long now) {
        for (;;) {
            State s = state.get();
            switch (s.state) {
                case HEALTHY:
                    return ADMITTED;
                case DISABLED:
                    return SKIP_DISABLED;
                case COOLING_DOWN:
                    if (now - s.until < 0) {
                        return SKIP_COOLING_DOWN;
                    }
                    break;
                default:
                    if (s.probe != 0) {
                        return SKIP_COOLING_DOWN;
                    }
                    break;
            }
            long token = probeTokens.incrementAndGet();
            if (state.compareAndSet(s, s.withProbe(token))) {
                if (s.state == HealthState.COOLING_DOWN) {
                    transition(HealthState.COOLING_DOWN, HealthState.HALF_OPEN, null, null);
                }
                return token;
            }
        }
    }

    /**
     * A call succeeded. The probe holder ({@code probeToken > 0}) or a panic call ({@code forced}) closes the
     * breaker; a straggler that was admitted before the provider tripped changes nothing.
     */
    public void onSuccess(long probeToken, boolean forced) {
        for (;;) {
            State s = state.get();
            if (s.state == HealthState.HEALTHY || s.state == HealthState.DISABLED) {
                return;
            }
            boolean probeWon = s.state == HealthState.HALF_OPEN && probeToken > 0 && s.probe == probeToken;
            if (!probeWon && !forced) {
                return;
            }
            if (state.compareAndSet(s, FRESH)) {
                transition(s.state, HealthState.HEALTHY, null, null);
                return;
            }
        }
    }

    /** A provider fault made a request leave this provider: trip the breaker (or extend its cooldown). */
    public void onFault(long now, CooldownPlan plan, ErrorType cause) {
        if (plan.none()) {
            return;
        }
        for (;;) {
            State s = state.get();
            State next;
            if (s.state == HealthState.DISABLED) {
                next = new State(HealthState.DISABLED, s.until, s.failures + 1, s.trips, cause, 0);
            } else if (s.state == HealthState.COOLING_DOWN && now - s.until < 0) {
                long until = later(s.until, now + plan.nanos(Math.max(1, s.trips), cooldowns));
                next = new State(HealthState.COOLING_DOWN, until, s.failures + 1, s.trips, cause, 0);
            } else {
                int trips = s.trips + 1;
                long until = later(s.until, now + plan.nanos(trips, cooldowns));
                next = new State(HealthState.COOLING_DOWN, until, s.failures + 1, trips, cause, 0);
            }
            if (state.compareAndSet(s, next)) {
                if (s.state != next.state) {
                    transition(s.state, next.state, Duration.ofNanos(next.until - now), cause);
                }
                return;
            }
        }
    }

    /** The probe holder leaves without a verdict (cancelled, or failed for a reason that is not the provider's). */
    public void releaseProbe(long probeToken) {
        if (probeToken <= 0) {
            return;
        }
        for (;;) {
            State s = state.get();
            if (s.state != HealthState.HALF_OPEN || s.probe != probeToken) {
                return;
            }
            if (state.compareAndSet(s, s.withProbe(0))) {
                return;
            }
        }
    }

    /** Takes the provider out of rotation until {@link #enable()}. */
    public void disable() {
        for (;;) {
            State s = state.get();
            if (s.state == HealthState.DISABLED) {
                return;
            }
            if (state.compareAndSet(s, new State(HealthState.DISABLED, s.until, s.failures, s.trips, s.lastError, 0))) {
                transition(s.state, HealthState.DISABLED, null, null);
                return;
            }
        }
    }

    /** Puts a disabled provider back as healthy, with its failure history cleared (the operator decided). */
    public void enable() {
        for (;;) {
            State s = state.get();
            if (s.state != HealthState.DISABLED) {
                return;
            }
            if (state.compareAndSet(s, FRESH)) {
                transition(HealthState.DISABLED, HealthState.HEALTHY, null, null);
                return;
            }
        }
    }

    /**
     * How long until this provider may be called again: 0 when it may be called now or its cooldown has
     * passed (half-open), {@code Long.MAX_VALUE} when disabled. Used to choose the panic target.
     */
    public long remainingNanos(long now) {
        State s = state.get();
        switch (s.state) {
            case DISABLED:
                return Long.MAX_VALUE;
            case COOLING_DOWN:
                return Math.max(0, s.until - now);
            default:
                return 0;
        }
    }

    /** A point-in-time view; a cooldown that has passed shows as half-open. */
    public ProviderHealth snapshot(long now) {
        State s = state.get();
        HealthState shown = s.state;
        Optional<Duration> remaining = Optional.empty();
        if (s.state == HealthState.COOLING_DOWN) {
            if (now - s.until < 0) {
                remaining = Optional.of(Duration.ofNanos(s.until - now));
            } else {
                shown = HealthState.HALF_OPEN;
            }
        }
        return new ProviderHealth(provider, shown, remaining, s.failures, Optional.ofNullable(s.lastError));
    }

    private static long later(long a, long b) {
        return a - b >= 0 ? a : b;
    }

    private void transition(HealthState from, HealthState to, Duration cooldown, ErrorType cause) {
        events.accept(new RouterEvent.StateTransition(provider, from, to, Optional.ofNullable(cooldown),
                Optional.ofNullable(cause)));
    }
}
