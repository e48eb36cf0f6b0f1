package io.relay4j.redis;

/**
 * The Micrometer meters a {@link RedisFleet} registers when it is given a registry
 * ({@link RedisFleet.Builder#meterRegistry}); each carries the tag {@value #NAMESPACE_TAG} with the fleet's
 * namespace. Names are stable: dashboards and alerts may rely on them.
 */
public final class RedisFleetMeterNames {

    /**
     * Timer: how far behind the fleet's shared state this instance was, tagged {@value #KIND_TAG}; publishes p50,
     * p95, p99 and a histogram. {@code health}: the wall time from a health record's {@code at} on the instance that
     * learned it to its delivery here over pub/sub (how stale this instance's view of the fleet is; includes the
     * clock skew between the two hosts). {@code budget}: the time from a change of this instance's spending or
     * reservations to Redis acknowledging it (after which the other instances hear of it over pub/sub).
     */
    public static final String SYNC_LAG = "relay4j.fleet.sync.lag";

    /**
     * Counter: Redis commands that failed or timed out, tagged {@value #OPERATION_TAG}: {@code publish},
     * {@code acquire}, {@code release}, {@code resync}, {@code subscribe}, {@code connect} or {@code budget-sync}
     * (a write of this instance's budget values, which also reads the others'). The instance went on on its local
     * state each time.
     */
    public static final String STORE_ERRORS = "relay4j.fleet.store.errors";

    /**
     * Counter: decisions taken on local state because Redis could not answer, tagged {@value #KIND_TAG}:
     * {@code probe} (a half-open probe granted without the fleet's lease) or {@code budget} (a budget sync that
     * failed: this instance admits calls against the fleet's totals as it last heard them until a sync works).
     */
    public static final String FALLBACKS = "relay4j.fleet.fallbacks";

    /**
     * Gauge: 1 while both of the fleet's Redis connections (commands and pub/sub) are up and its channels
     * subscribed, 0 otherwise.
     */
    public static final String CONNECTED = "relay4j.fleet.connected";

    /** The tag naming the fleet's namespace, on every meter. */
    public static final String NAMESPACE_TAG = "namespace";

    /** The tag naming the failed operation on {@link #STORE_ERRORS}. */
    public static final String OPERATION_TAG = "operation";

    /** The tag naming the kind of decision on {@link #FALLBACKS}, and the kind of state on {@link #SYNC_LAG}. */
    public static final String KIND_TAG = "kind";

    private RedisFleetMeterNames() {
    }
}
