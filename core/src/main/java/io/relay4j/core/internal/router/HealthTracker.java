package io.relay4j.core.internal.router;

import io.relay4j.core.error.ErrorType;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.health.EjectionReason;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.health.ProviderHealth;
import io.relay4j.core.internal.health.EjectionGuard;
import io.relay4j.core.internal.health.OutcomeWindow;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.core.router.OutlierConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One provider's circuit breaker: {@code HEALTHY -> COOLING_DOWN -> HALF_OPEN -> HEALTHY}, or back to
 * {@code COOLING_DOWN} with a grown cooldown when the probe fails; {@code DISABLED} by hand.
 *
 * <p>How a provider goes out depends on the fault ({@link CooldownPlan#outlier()}): a fault that says it cannot
 * serve (a ban, a bad key, a spent quota, a rate limit with its wait) trips it when the request leaves it, at the
 * first occurrence; ordinary noise (server errors, overloads, resets, timeouts) only counts in its
 * {@link OutcomeWindow}, and trips it when the window's failure rate or failures in a row pass the
 * {@link OutlierConfig} thresholds, and only while the router-wide {@link EjectionGuard} has room. A half-open
 * provider is on probation: its probe's failure trips it again at once, whatever the fault.
 *
 * <p>A provider whose probe succeeds comes back with a slow start ({@link #takesLead}): for
 * {@link CooldownConfig#slowStart()} only a growing share of the requests try it first.
 *
 * <p>Lock-free: the state is one immutable value swapped by compare-and-set, so a healthy provider costs one
 * volatile read per admission, and a success one window write. The half-open probe is a token: exactly one
 * request holds it at a time, and only that holder's outcome (or a release by that holder) ends the half-open
 * state, so a late straggler cannot let a second probe through.
 *
 * <p>A failure while cooling down keeps the later deadline and does not grow the backoff (many requests
 * failing at once are one outage, not many). {@code consecutiveFailures} counts the failures since the last
 * success: those in the window while healthy, those that tripped or extended the breaker while out.
 */
public final class HealthTracker {

    /** {@link #tryAcquire} result: admitted as an ordinary request. */
    public static final long ADMITTED = 0;
    /** {@link #tryAcquire} result: cooling down, or half-open with its probe already running. */
    public static final long SKIP_COOLING_DOWN = -1;
    /** {@link #tryAcquire} result: disabled by hand. */
    public static final long SKIP_DISABLED = -2;

    /** Spreads the slow start's leads evenly over the requests (the golden ratio's fractional part). */
    private static final double SPREAD = 0.6180339887498949;

    private record State(HealthState state, long until, int failures, int trips, ErrorType lastError, long probe,
                         EjectionReason reason, boolean ramping, long rampStart) {
        State withProbe(long token) {
            return new State(state == HealthState.COOLING_DOWN ? HealthState.HALF_OPEN : state, until, failures, trips,
                    lastError, token, reason, ramping, rampStart);
        }

        boolean out() {
            return state != HealthState.HEALTHY;
        }
    }

    private static final State FRESH = new State(HealthState.HEALTHY, 0, 0, 0, null, 0, null, false, 0);

    private final String provider;
    private final CooldownConfig cooldowns;
    private final OutlierConfig outliers;
    private final EjectionGuard guard;
    private final Consumer<RouterEvent> events;
    private final OutcomeWindow window;
    private final AtomicReference<State> state = new AtomicReference<>(FRESH);
    private final AtomicLong probeTokens = new AtomicLong();
    private final AtomicLong leads = new AtomicLong();
    private volatile boolean detached;
    private volatile ErrorType lastFailure;

    /** A tracker on its own that trips at every fault (no window, no cap), as before outlier detection. */
    public HealthTracker(String provider, CooldownConfig cooldowns, Consumer<RouterEvent> events) {
        this(provider, cooldowns, OutlierConfig.custom().consecutiveFailures(1).maxEjectionPercent(100).build(),
                EjectionGuard.unlimited(), events);
    }

    /**
     * @param guard the router-wide cap on outlier ejections, shared by every provider's tracker
     */
    public HealthTracker(String provider, CooldownConfig cooldowns, OutlierConfig outliers, EjectionGuard guard,
                         Consumer<RouterEvent> events) {
        this.provider = provider;
        this.cooldowns = cooldowns;
        this.outliers = outliers;
        this.guard = guard;
        this.events = events;
        this.window = new OutcomeWindow(outliers.windowSize(), outliers.windowDuration().toNanos());
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
     * A call succeeded at {@code now}: it counts in the window. The probe holder ({@code probeToken > 0}) or a
     * panic call ({@code forced}) closes the breaker and starts the slow start; a straggler that was admitted
     * before the provider tripped changes nothing else.
     */
    public void onSuccess(long now, long probeToken, boolean forced) {
        window.success(now);
        for (;;) {
            State s = state.get();
            if (s.state == HealthState.HEALTHY || s.state == HealthState.DISABLED) {
                return;
            }
            boolean probeWon = s.state == HealthState.HALF_OPEN && probeToken > 0 && s.probe == probeToken;
            if (!probeWon && !forced) {
                return;
            }
            boolean ramp = !cooldowns.slowStart().isZero();
            State back = ramp ? new State(HealthState.HEALTHY, 0, 0, 0, null, 0, null, true, now) : FRESH;
            if (state.compareAndSet(s, back)) {
                window.clear();
                returned();
                transition(s.state, HealthState.HEALTHY, null, null);
                events.accept(new RouterEvent.ProviderReturned(provider, s.state,
                        ramp ? cooldowns.slowStart() : Duration.ZERO));
                return;
            }
        }
    }

    /**
     * A call failed at {@code now} with a fault of the provider's ({@code plan} not none). An outlier fault
     * counts in the window and, while the provider is healthy, ejects it when a threshold is passed and the cap
     * has room; while it is out, a straggler's (a call admitted before it went out) only counts as a failure, and
     * the probe's is left to {@link #onLeft}. Whether the request retries here or leaves, {@link #onLeft}
     * follows when it leaves.
     */
    public void onFailure(long now, CooldownPlan plan, ErrorType cause, long probeToken) {
        if (plan.none() || !plan.outlier()) {
            return;
        }
        lastFailure = cause;
        int inARow = window.failure(now);
        State current = state.get();
        if (current.state != HealthState.HEALTHY) {
            if (probeToken <= 0 || current.probe != probeToken) {
                countStraggler(cause);
            }
            return;
        }
        EjectionReason reason = null;
        long counts = 0;
        if (inARow >= outliers.consecutiveFailures()) {
            reason = EjectionReason.CONSECUTIVE_FAILURES;
        } else {
            counts = window.counts(now);
            int calls = OutcomeWindow.calls(counts);
            if (calls >= outliers.minimumVolume()
                    && OutcomeWindow.failures(counts) * 100L >= (long) outliers.failureRatePercent() * calls) {
                reason = EjectionReason.FAILURE_RATE;
            }
        }
        if (reason != null) {
            ejectOutlier(now, plan, cause, reason, inARow);
        }
    }

    /**
     * The request leaves the provider after a failed call (at {@code now}, the failure's time): a fault that
     * ejects at once trips the breaker (or extends its cooldown); a failed half-open probe trips it again;
     * any other outlier fault was weighed already ({@link #onFailure}); a fault that is not the provider's
     * ({@code plan} none) hands the probe back.
     */
    public void onLeft(long now, CooldownPlan plan, ErrorType cause, long probeToken) {
        if (plan.none()) {
            releaseProbe(probeToken);
            return;
        }
        State s = state.get();
        boolean probeFailed = s.state == HealthState.HALF_OPEN && probeToken > 0 && s.probe == probeToken;
        if (!plan.outlier()) {
            onFault(now, plan, cause, probeFailed ? EjectionReason.PROBE_FAILED
                    : cause == ErrorType.RATE_LIMITED && plan.kind() != CooldownPlan.Kind.LONG
                    ? EjectionReason.RATE_LIMITED : EjectionReason.IMMEDIATE);
        } else if (probeFailed) {
            onFault(now, plan, cause, EjectionReason.PROBE_FAILED);
        } else {
            releaseProbe(probeToken);
        }
    }

    /** Trips the breaker at once (or extends its cooldown), whatever the window says. */
    public void onFault(long now, CooldownPlan plan, ErrorType cause) {
        onFault(now, plan, cause, EjectionReason.IMMEDIATE);
    }

    private void onFault(long now, CooldownPlan plan, ErrorType cause, EjectionReason reason) {
        if (plan.none()) {
            return;
        }
        for (;;) {
            State s = state.get();
            State next;
            if (s.state == HealthState.DISABLED) {
                next = new State(HealthState.DISABLED, s.until, s.failures + 1, s.trips, cause, 0, s.reason, false, 0);
            } else if (s.state == HealthState.COOLING_DOWN && now - s.until < 0) {
                long until = later(s.until, now + plan.nanos(Math.max(1, s.trips), cooldowns));
                next = new State(HealthState.COOLING_DOWN, until, s.failures + 1, s.trips, cause, 0, reason, false, 0);
            } else {
                int trips = s.trips + 1;
                long until = later(s.until, now + plan.nanos(trips, cooldowns));
                int failures = s.state == HealthState.HEALTHY ? window.consecutiveFailures() : s.failures + 1;
                next = new State(HealthState.COOLING_DOWN, until, Math.max(1, failures), trips, cause, 0, reason,
                        false, 0);
            }
            if (state.compareAndSet(s, next)) {
                if (!s.out()) {
                    ejected();
                }
                if (s.state != next.state) {
                    tripped(s, next, now, reason);
                }
                return;
            }
        }
    }

    private void countStraggler(ErrorType cause) {
        for (;;) {
            State s = state.get();
            if (s.state == HealthState.HEALTHY) {
                return;
            }
            State next = new State(s.state, s.until, s.failures + 1, s.trips, cause, s.probe, s.reason, s.ramping,
                    s.rampStart);
            if (state.compareAndSet(s, next)) {
                return;
            }
        }
    }

    private void ejectOutlier(long now, CooldownPlan plan, ErrorType cause, EjectionReason reason, int inARow) {
        if (!detached && !guard.tryEjectOutlier()) {
            return;
        }
        for (;;) {
            State s = state.get();
            if (s.state != HealthState.HEALTHY) {
                if (!detached) {
                    guard.returned();
                }
                return;
            }
            int trips = s.trips + 1;
            State next = new State(HealthState.COOLING_DOWN, now + plan.nanos(trips, cooldowns), inARow, trips, cause,
                    0, reason, false, 0);
            if (state.compareAndSet(s, next)) {
                tripped(s, next, now, reason);
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
            if (state.compareAndSet(s, new State(HealthState.DISABLED, s.until, s.failures, s.trips, s.lastError, 0,
                    EjectionReason.DISABLED, false, 0))) {
                if (!s.out()) {
                    ejected();
                }
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
                window.clear();
                returned();
                transition(HealthState.DISABLED, HealthState.HEALTHY, null, null);
                events.accept(new RouterEvent.ProviderReturned(provider, HealthState.DISABLED, Duration.ZERO));
                return;
            }
        }
    }

    /**
     * The provider left the router: it no longer counts against the ejection cap, whatever happens to it after.
     */
    public void detach() {
        if (detached) {
            return;
        }
        detached = true;
        if (state.get().out()) {
            guard.returned();
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

    /** True while the provider is in its slow start after a cooldown (one volatile read). */
    public boolean ramping() {
        return state.get().ramping;
    }

    /**
     * The share (0 to 1) of the requests that may try this provider first at {@code now}: below 1 during its
     * slow start, 1 otherwise.
     */
    public double trafficShare(long now) {
        State s = state.get();
        if (!s.ramping || s.state != HealthState.HEALTHY) {
            return 1;
        }
        long window = cooldowns.slowStart().toNanos();
        long elapsed = now - s.rampStart;
        if (elapsed >= window) {
            return 1;
        }
        double time = Math.max(0, (double) elapsed / window);
        double share = Math.pow(time, 1 / cooldowns.slowStartAggression());
        return Math.max(cooldowns.slowStartMinPercent() / 100.0, share);
    }

    /**
     * Whether this request may try the provider first, where its strategy ranks it first: always, except during
     * the slow start, when the requests that may are spread evenly at the {@linkplain #trafficShare share}.
     */
    public boolean takesLead(long now) {
        double share = trafficShare(now);
        if (share >= 1) {
            State s = state.get();
            if (s.ramping && s.state == HealthState.HEALTHY) {
                // the slow start is over: later requests skip even this check
                state.compareAndSet(s, FRESH);
            }
            return true;
        }
        double position = leads.incrementAndGet() * SPREAD;
        return position - Math.floor(position) < share;
    }

    /** The share (0 to 1) of failed calls in the provider's window at {@code now}. */
    public double windowFailureRate(long now) {
        return window.failureRate(now);
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
        int failures = s.state == HealthState.HEALTHY ? window.consecutiveFailures() : s.failures;
        Optional<ErrorType> lastError = s.state != HealthState.HEALTHY ? Optional.ofNullable(s.lastError)
                : failures == 0 ? Optional.empty() : Optional.ofNullable(lastFailure);
        return new ProviderHealth(provider, shown, remaining, failures, lastError, Optional.ofNullable(s.reason),
                window.failureRate(now), trafficShare(now));
    }

    private static long later(long a, long b) {
        return a - b >= 0 ? a : b;
    }

    private void ejected() {
        if (!detached) {
            guard.ejected();
        }
    }

    private void returned() {
        if (!detached) {
            guard.returned();
        }
    }

    private void tripped(State from, State to, long now, EjectionReason reason) {
        Duration cooldown = Duration.ofNanos(to.until - now);
        transition(from.state, to.state, cooldown, to.lastError);
        events.accept(new RouterEvent.ProviderEjected(provider, from.state, reason, Optional.ofNullable(to.lastError), cooldown,
                window.failureRate(now)));
    }

    private void transition(HealthState from, HealthState to, Duration cooldown, ErrorType cause) {
        events.accept(new RouterEvent.StateTransition(provider, from, to, Optional.ofNullable(cooldown),
                Optional.ofNullable(cause)));
    }
}
