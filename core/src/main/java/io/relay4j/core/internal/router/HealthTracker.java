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
import io.relay4j.core.spi.HealthRecord;
import java.time.Duration;
import java.time.Instant;
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

    /**
     * @param since when this view took its last transition (local or from the fleet), in wall-clock epoch nanoseconds,
     *              strictly later than the one before even within one millisecond; orders the fleet's records
     *              against it; 0 without a fleet
     */
    private record State(HealthState state, long until, int failures, int trips, ErrorType lastError, long probe,
                         EjectionReason reason, boolean ramping, long rampStart, long since) {
        State withProbe(long token) {
            return new State(state == HealthState.COOLING_DOWN ? HealthState.HALF_OPEN : state, until, failures, trips,
                    lastError, token, reason, ramping, rampStart, since);
        }

        boolean out() {
            return state != HealthState.HEALTHY;
        }
    }

    private static final State FRESH = healthy(0);

    /** The fleet's probe lease as this instance knows it: none asked, asked, held or refused until {@code until}. */
    private record Lease(int phase, long until) {
    }

    private static final int LEASE_NONE = 0;
    private static final int LEASE_PENDING = 1;
    private static final int LEASE_HELD = 2;
    private static final int LEASE_DENIED = 3;
    private static final Lease NO_LEASE = new Lease(LEASE_NONE, 0);
    /** How long after a refusal this instance asks again, should no record say the holder's verdict first. */
    private static final long LEASE_RETRY_NANOS = Duration.ofSeconds(1).toNanos();

    private final String provider;
    private final CooldownConfig cooldowns;
    private final OutlierConfig outliers;
    private final EjectionGuard guard;
    private final Consumer<RouterEvent> events;
    private final OutcomeWindow window;
    private final AtomicReference<State> state = new AtomicReference<>(FRESH);
    private final AtomicLong probeTokens = new AtomicLong();
    private final AtomicLong leads = new AtomicLong();
    private final FleetLink fleet;
    private final Duration leaseDuration;
    private final AtomicReference<Lease> lease = new AtomicReference<>(NO_LEASE);
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
        this(provider, cooldowns, outliers, guard, events, null, Duration.ZERO);
    }

    /**
     * @param fleet         the router's fleet, which this tracker tells what it learns and which tells it what the
     *                      other instances learned; null for a router on its own
     * @param leaseDuration how long the fleet's probe lease lasts when this instance holds it (a holder that dies
     *                      frees it after that)
     */
    public HealthTracker(String provider, CooldownConfig cooldowns, OutlierConfig outliers, EjectionGuard guard,
                         Consumer<RouterEvent> events, FleetLink fleet, Duration leaseDuration) {
        this.fleet = fleet;
        this.leaseDuration = leaseDuration;
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
            if (fleet != null && !holdsLease(now)) {
                return SKIP_COOLING_DOWN;
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
            State back = back(now, stamp(s));
            if (state.compareAndSet(s, back)) {
                cameBack(s.state, back);
                publish(HealthState.HEALTHY, back, now);
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
                next = new State(HealthState.DISABLED, s.until, s.failures + 1, s.trips, cause, 0, s.reason, false, 0,
                        s.since);
            } else if (s.state == HealthState.COOLING_DOWN && now - s.until < 0) {
                // an extension: the same outage, so the view's transition time stays
                long until = later(s.until, now + plan.nanos(Math.max(1, s.trips), cooldowns));
                next = new State(HealthState.COOLING_DOWN, until, s.failures + 1, s.trips, cause, 0, reason, false, 0,
                        s.since);
            } else {
                int trips = s.trips + 1;
                long until = later(s.until, now + plan.nanos(trips, cooldowns));
                int failures = s.state == HealthState.HEALTHY ? window.consecutiveFailures() : s.failures + 1;
                next = new State(HealthState.COOLING_DOWN, until, Math.max(1, failures), trips, cause, 0, reason,
                        false, 0, stamp(s));
            }
            if (state.compareAndSet(s, next)) {
                if (!s.out()) {
                    ejected();
                }
                if (s.state != next.state) {
                    tripped(s, next, now, reason);
                }
                if (next.state == HealthState.COOLING_DOWN && (s.state != next.state || s.until != next.until)) {
                    publish(HealthState.COOLING_DOWN, next, now);
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
                    s.rampStart, s.since);
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
                    0, reason, false, 0, stamp(s));
            if (state.compareAndSet(s, next)) {
                tripped(s, next, now, reason);
                publish(HealthState.COOLING_DOWN, next, now);
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
            State next = new State(HealthState.DISABLED, s.until, s.failures, s.trips, s.lastError, 0,
                    EjectionReason.DISABLED, false, 0, stamp(s));
            if (state.compareAndSet(s, next)) {
                wentDisabled(s);
                publish(HealthState.DISABLED, next, RouterClock.nanos());
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
            State next = healthy(stamp(s));
            if (state.compareAndSet(s, next)) {
                cameBack(HealthState.DISABLED, next);
                publish(HealthState.HEALTHY, next, RouterClock.nanos());
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
        dropLease(true);
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
                state.compareAndSet(s, healthy(s.since));
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

    /**
     * Applies what another instance of the fleet learned ({@link FleetLink}), at {@code now} and wall-clock
     * {@code wallNow}: a cooldown is taken on (or extends this one to its later deadline) unless this view came
     * back after it; a return or an enable ends this view's cooldown unless this view went out after it; a disable
     * disables. Nothing is published back, and an outlier ejection still needs room under this router's cap.
     */
    public void applyRemote(HealthRecord record, long now, long wallNow) {
        long at = epochNanos(record.at());
        switch (record.state()) {
            case COOLING_DOWN:
                long until = now + Math.multiplyExact(record.until().toEpochMilli() - wallNow, 1_000_000L);
                if (until - now > 0) {
                    remoteCooldown(record, at, until, now);
                }
                return;
            case HEALTHY:
                remoteReturn(at, now);
                return;
            case DISABLED:
                remoteDisable(at);
                return;
            default:
                // HALF_OPEN is never a record: the probe travels as a lease
        }
    }

    private void remoteCooldown(HealthRecord record, long at, long until, long now) {
        EjectionReason reason = record.reason().orElse(EjectionReason.IMMEDIATE);
        boolean outlier = reason == EjectionReason.FAILURE_RATE || reason == EjectionReason.CONSECUTIVE_FAILURES;
        for (;;) {
            State s = state.get();
            if (s.state == HealthState.DISABLED || (s.state == HealthState.HEALTHY && at < s.since)) {
                return;
            }
            State next;
            if (s.state == HealthState.COOLING_DOWN) {
                long later = later(s.until, until);
                if (later == s.until && record.trips() <= s.trips) {
                    return;
                }
                next = new State(HealthState.COOLING_DOWN, later, Math.max(s.failures, record.consecutiveFailures()),
                        Math.max(s.trips, record.trips()), record.lastError().orElse(s.lastError), 0, reason, false, 0,
                        s.since);
            } else {
                if (s.state == HealthState.HALF_OPEN && at < s.since) {
                    return;
                }
                next = new State(HealthState.COOLING_DOWN, later(s.until, until),
                        Math.max(1, record.consecutiveFailures()), Math.max(s.trips, record.trips()),
                        record.lastError().orElse(null), 0, reason, false, 0, Math.max(at, s.since));
            }
            boolean counted = s.state == HealthState.HEALTHY && outlier && !detached;
            if (counted && !guard.tryEjectOutlier()) {
                return;
            }
            if (state.compareAndSet(s, next)) {
                if (s.state == HealthState.HEALTHY && !outlier) {
                    ejected();
                }
                if (s.state != next.state) {
                    dropLease(true);
                    tripped(s, next, now, reason);
                }
                return;
            }
            if (counted) {
                guard.returned();
            }
        }
    }

    private void remoteReturn(long at, long now) {
        for (;;) {
            State s = state.get();
            if (s.state == HealthState.HEALTHY || at < s.since) {
                return;
            }
            State next = s.state == HealthState.DISABLED ? healthy(at) : back(now, at);
            if (state.compareAndSet(s, next)) {
                dropLease(true);
                cameBack(s.state, next);
                return;
            }
        }
    }

    private void remoteDisable(long at) {
        for (;;) {
            State s = state.get();
            if (s.state == HealthState.DISABLED || at < s.since) {
                return;
            }
            State next = new State(HealthState.DISABLED, s.until, s.failures, s.trips, s.lastError, 0,
                    EjectionReason.DISABLED, false, 0, at);
            if (state.compareAndSet(s, next)) {
                dropLease(true);
                wentDisabled(s);
                return;
            }
        }
    }

    /** The view after a successful probe (or a panic call) at {@code now}: healthy, in its slow start if it has one. */
    private State back(long now, long since) {
        boolean ramp = !cooldowns.slowStart().isZero();
        return new State(HealthState.HEALTHY, 0, 0, 0, null, 0, null, ramp, ramp ? now : 0, since);
    }

    /**
     * Healthy with no history and no slow start: the view after an operator's enable (the operator decided) or once
     * a slow start is over, and the first view.
     */
    private static State healthy(long since) {
        return new State(HealthState.HEALTHY, 0, 0, 0, null, 0, null, false, 0, since);
    }

    private void cameBack(HealthState from, State back) {
        dropLease(false);
        window.clear();
        returned();
        transition(from, HealthState.HEALTHY, null, null);
        events.accept(new RouterEvent.ProviderReturned(provider, from,
                back.ramping ? cooldowns.slowStart() : Duration.ZERO));
    }

    private void wentDisabled(State from) {
        if (!from.out()) {
            ejected();
        }
        transition(from.state, HealthState.DISABLED, null, null);
    }

    /**
     * Whether this instance holds the fleet's probe lease for this provider now; when it neither holds nor awaits
     * one, asks for it in the background, so the request that asks is never held (it passes the provider over, as
     * it would while another instance probes).
     */
    private boolean holdsLease(long now) {
        for (;;) {
            Lease l = lease.get();
            if (l.phase == LEASE_HELD && now - l.until < 0) {
                return true;
            }
            if (l.phase != LEASE_NONE && l.phase != LEASE_HELD && now - l.until < 0) {
                return false;
            }
            // none asked, or the lease, the refusal or the question has run out: ask (again)
            Lease asked = new Lease(LEASE_PENDING, now + FleetLink.ANSWER_LIMIT.toNanos() * 2);
            if (lease.compareAndSet(l, asked)) {
                fleet.acquireProbe(provider, leaseDuration).subscribe(granted -> {
                    long at = RouterClock.nanos();
                    // held for a little less than the fleet holds it, so it never probes on a lease already gone
                    lease.compareAndSet(asked, granted ? new Lease(LEASE_HELD, at + leaseDuration.toNanos() / 10 * 9)
                            : new Lease(LEASE_DENIED, at + LEASE_RETRY_NANOS));
                });
                // a store that answers at once (in memory) has answered already
                Lease answered = lease.get();
                return answered.phase == LEASE_HELD && now - answered.until < 0;
            }
        }
    }

    /** Forgets the lease on a transition; {@code release} hands a held one back (no verdict of ours will end it). */
    private void dropLease(boolean release) {
        if (fleet == null) {
            return;
        }
        Lease l = lease.getAndSet(NO_LEASE);
        if (release && l.phase == LEASE_HELD) {
            fleet.releaseProbe(provider);
        }
    }

    /**
     * The time of a local transition from {@code s}: the wall clock in epoch nanoseconds, but strictly after the
     * view's last transition, so two changes within one millisecond (a probe's success and a trip) still reach the
     * fleet in their order, and this instance's own echo of the first never undoes the second. 0 without a fleet.
     */
    private long stamp(State s) {
        return fleet == null ? 0 : Math.max(fleet.wallNanos(), s.since + 1);
    }

    private static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    private static Instant instantOfNanos(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    /** Tells the fleet about a local transition (never one applied from the fleet), stamped with its time. */
    private void publish(HealthState shared, State s, long now) {
        if (fleet == null) {
            return;
        }
        HealthRecord.Builder record = HealthRecord.builder(provider, shared, instantOfNanos(s.since))
                .consecutiveFailures(Math.max(0, s.failures)).trips(s.trips).lastError(s.lastError).reason(s.reason);
        if (shared == HealthState.COOLING_DOWN) {
            record.until(instantOfNanos(fleet.wallNanos() + Math.max(1_000_000L, s.until - now)));
        }
        fleet.publish(record.build());
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
        dropLease(false);
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
