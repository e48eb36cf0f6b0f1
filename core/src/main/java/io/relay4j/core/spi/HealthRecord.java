package io.relay4j.core.spi;

import io.relay4j.core.error.ErrorType;
import io.relay4j.core.health.EjectionReason;
import io.relay4j.core.health.HealthState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one router instance learned about a provider's health, as it travels through a {@link HealthStore} to
 * the other instances of its fleet: the provider went out (cooling down until a wall-clock deadline, for a ban, a
 * rate limit's wait, an outlier ejection or a failed probe), came back, or was disabled or enabled by an operator.
 *
 * <p>Times are on the wall clock ({@link Instant}), since instances do not share a monotonic clock: a fleet needs
 * clocks kept in step (NTP), to well within its shortest cooldown. A record never carries a prompt, an answer, a key
 * or an error message: only the error's {@link ErrorType}.
 *
 * <p>Records are ordered by {@link #at()}: a router applies a record only when it is newer than what its local
 * view already knows about the provider, except that a later cooldown deadline always extends a cooldown. So a
 * store may deliver a record twice, or deliver an instance its own records back, and nothing changes.
 */
public final class HealthRecord {

    private final String provider;
    private final HealthState state;
    private final Instant until;
    private final int consecutiveFailures;
    private final int trips;
    private final Optional<ErrorType> lastError;
    private final Optional<EjectionReason> reason;
    private final Instant at;
    private final String origin;

    private HealthRecord(Builder b) {
        this.provider = b.provider;
        this.state = b.state;
        this.until = b.until;
        this.consecutiveFailures = b.consecutiveFailures;
        this.trips = b.trips;
        this.lastError = b.lastError;
        this.reason = b.reason;
        this.at = b.at;
        this.origin = b.origin;
    }

    /** A builder for a record about {@code provider} in {@code state}, learned at {@code at}. */
    public static Builder builder(String provider, HealthState state, Instant at) {
        return new Builder(provider, state, at);
    }

    /** A builder holding this record's values. */
    public Builder toBuilder() {
        return new Builder(provider, state, at).until(until).consecutiveFailures(consecutiveFailures).trips(trips)
                .lastError(lastError.orElse(null)).reason(reason.orElse(null)).origin(origin);
    }

    /** The provider's name, as on the router. */
    public String provider() {
        return provider;
    }

    /**
     * {@link HealthState#COOLING_DOWN} (out until {@link #until()}), {@link HealthState#HEALTHY} (back, or enabled)
     * or {@link HealthState#DISABLED}; never {@link HealthState#HALF_OPEN}, which is the fleet's probe lease.
     */
    public HealthState state() {
        return state;
    }

    /** For {@link HealthState#COOLING_DOWN}, when the provider may be probed again; {@link Instant#EPOCH} otherwise. */
    public Instant until() {
        return until;
    }

    /** The failures since the provider's last success, as its origin counted them. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** How many times in a row the provider was taken out; a router grows the next cooldown from the larger count. */
    public int trips() {
        return trips;
    }

    /** The type of the fault that took the provider out, when one did. */
    public Optional<ErrorType> lastError() {
        return lastError;
    }

    /** Why the provider is out, while it is. */
    public Optional<EjectionReason> reason() {
        return reason;
    }

    /** When the change happened on its origin's wall clock; orders the records about one provider. */
    public Instant at() {
        return at;
    }

    /** The instance that learned it (a store's instance id); empty when unknown. */
    public String origin() {
        return origin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HealthRecord r && provider.equals(r.provider) && state == r.state && until.equals(r.until)
                && consecutiveFailures == r.consecutiveFailures && trips == r.trips && lastError.equals(r.lastError)
                && reason.equals(r.reason) && at.equals(r.at) && origin.equals(r.origin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, state, until, at, origin);
    }

    @Override
    public String toString() {
        return "HealthRecord[" + provider + " " + state + (state == HealthState.COOLING_DOWN ? " until " + until : "")
                + ", failures=" + consecutiveFailures + ", trips=" + trips + lastError.map(e -> ", " + e).orElse("")
                + reason.map(r -> ", " + r.tag()).orElse("") + ", at " + at
                + (origin.isEmpty() ? "" : " from " + origin) + "]";
    }

    /** Builds a {@link HealthRecord}; each setter checks its value at once. */
    public static final class Builder {
        private final String provider;
        private final HealthState state;
        private final Instant at;
        private Instant until = Instant.EPOCH;
        private int consecutiveFailures;
        private int trips;
        private Optional<ErrorType> lastError = Optional.empty();
        private Optional<EjectionReason> reason = Optional.empty();
        private String origin = "";

        private Builder(String provider, HealthState state, Instant at) {
            this.provider = Objects.requireNonNull(provider, "provider must not be null");
            this.state = Objects.requireNonNull(state, "state must not be null");
            if (state == HealthState.HALF_OPEN) {
                throw new IllegalArgumentException("a health record is COOLING_DOWN, HEALTHY or DISABLED, not "
                        + "HALF_OPEN: the half-open probe is shared as a lease (HealthStore.Session.acquireProbe)");
            }
            this.at = Objects.requireNonNull(at, "at must not be null");
        }

        /** The cooldown deadline of a {@link HealthState#COOLING_DOWN} record. */
        public Builder until(Instant until) {
            this.until = Objects.requireNonNull(until, "until must not be null");
            return this;
        }

        public Builder consecutiveFailures(int failures) {
            if (failures < 0) {
                throw new IllegalArgumentException("consecutiveFailures must be >= 0, was " + failures);
            }
            this.consecutiveFailures = failures;
            return this;
        }

        public Builder trips(int trips) {
            if (trips < 0) {
                throw new IllegalArgumentException("trips must be >= 0, was " + trips);
            }
            this.trips = trips;
            return this;
        }

        /** The fault's type; null for none. */
        public Builder lastError(ErrorType error) {
            this.lastError = Optional.ofNullable(error);
            return this;
        }

        /** Why the provider is out; null for none. */
        public Builder reason(EjectionReason reason) {
            this.reason = Optional.ofNullable(reason);
            return this;
        }

        /** The instance that learned it; a store sets its own id on what it publishes. */
        public Builder origin(String origin) {
            this.origin = Objects.requireNonNull(origin, "origin must not be null");
            return this;
        }

        /** The record; a {@link HealthState#COOLING_DOWN} one needs its {@link #until(Instant)}. */
        public HealthRecord build() {
            if (state == HealthState.COOLING_DOWN && until.equals(Instant.EPOCH)) {
                throw new IllegalArgumentException("a COOLING_DOWN record needs its deadline: set until(...)");
            }
            return new HealthRecord(this);
        }
    }
}
