package io.relay4j.core.health;

/**
 * Why the router took a provider out of rotation (see {@link ProviderHealth#reason()}); a bounded set, so it is
 * also a metric tag value.
 */
public enum EjectionReason {
    /** Its failure rate over the recent calls passed the outlier threshold. */
    FAILURE_RATE,
    /** Its last calls all failed, as many in a row as the outlier threshold. */
    CONSECUTIVE_FAILURES,
    /**
     * One fault that says it cannot serve: a ban, an authentication failure, a spent quota, a missing model, a
     * connection that cannot be opened ({@link ProviderHealth#lastError()} names the error type).
     */
    IMMEDIATE,
    /** It throttled the account: out for the wait it asked for. */
    RATE_LIMITED,
    /** It failed again on its half-open probe. */
    PROBE_FAILED,
    /** An operator disabled it. */
    DISABLED;

    /** The lower-case name, as used in meter tags and logs. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
