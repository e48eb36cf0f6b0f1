package io.relay4j.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.MeterRegistry;
import io.relay4j.core.spi.BudgetStore;
import io.relay4j.core.spi.HealthStore;
import io.relay4j.redis.internal.Connector;
import io.relay4j.redis.internal.FleetConnection;
import io.relay4j.redis.internal.FleetKeys;
import io.relay4j.redis.internal.FleetMetrics;
import io.relay4j.redis.internal.RedisTargets;
import io.relay4j.redis.internal.budget.RedisBudgetStore;
import io.relay4j.redis.internal.health.RedisHealthStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The entry point of fleet mode on Redis: one per application instance, shared by its routers, it connects to
 * Redis and hands out the stores through which the instances of one fleet share what they learn.
 *
 * <pre>{@code
 * RedisFleet fleet = RedisFleet.builder()
 *         .uri("rediss://:secret@redis.internal:6380")   // or redis://, redis-sentinel://
 *         .namespace("checkout")                          // the fleet: every instance of the service uses the same
 *         .meterRegistry(registry)
 *         .build();                                       // returns at once, connects in the background
 * BudgetTracker budgets = BudgetTracker.builder(BudgetConfig.custom()
 *                 .limit("openai", new BigDecimal("50"), BudgetPeriod.DAY).build())
 *         .store(fleet.budgetStore())                     // the fleet's instances share the $50 a day
 *         .build();
 * LlmRouter router = LlmRouter.builder()
 *         .healthStore(fleet.healthStore())
 *         .budgets(budgets)
 *         // providers, routes, pricing...
 *         .build();
 * // on shutdown, after the routers
 * fleet.close();
 * }</pre>
 *
 * <p>What it guarantees: no method waits for Redis, and no request waits for it either. {@link Builder#build()}
 * returns before the connections are up; until they are, and whenever Redis is down or slower than
 * {@link Builder#commandTimeout}, the stores work on local state (a half-open probe is then granted to each
 * instance, as without a fleet; each instance admits calls against the budget totals it last heard), count the
 * failures, reconnect by themselves and, when Redis is back (even restarted empty), write again what this instance
 * knows and read what the others do. Every {@link Builder#resyncInterval} each store also reads the whole shared
 * state, which repairs pub/sub messages lost on the way, so an instance's view is at most that stale even in the
 * worst case (on pub/sub it is a few milliseconds behind).
 *
 * <p>Keys: everything a fleet keeps is under {@code relay4j:{<namespace>}:}, with the namespace as a hash tag so a
 * namespace's keys share one Redis Cluster slot. Health: the hash {@code relay4j:{ns}:health} (one field per
 * provider), the channel {@code relay4j:{ns}:health:events}, and the probe leases {@code relay4j:{ns}:probe:<provider>}.
 * Budgets: one hash per provider, period and window, {@code relay4j:{ns}:budget:<provider>:<hour|day|month>:<window
 * start, epoch seconds>} (each instance's spent and reserved amounts and heartbeat, expiring a day after the window
 * ends), and the channel {@code relay4j:{ns}:budget}.
 *
 * <p>Connections: the URI follows Lettuce's syntax, so TLS ({@code rediss://}), a password or user and password,
 * a database ({@code /2}) and Sentinel ({@code redis-sentinel://host:26379,host2:26379?sentinelMasterId=mymaster})
 * come from it; Redis Cluster with {@link Builder#cluster(boolean) cluster(true)} and any node's URI. Logs name the
 * server as host and port, never with its password. Tested against real servers (redis-server 7.0):
 * <ul>
 *   <li>Sentinel: {@code redis-sentinel://127.0.0.1:26379?sentinelMasterId=mymaster} finds the master through the
 *       Sentinel; when the master dies and the Sentinel promotes its replica, the fleet reconnects to the new master
 *       by itself (each reconnection asks the Sentinels again) and sharing resumes, while every call answers at once
 *       from local state in between. The master's password goes before the first Sentinel's host
 *       ({@code redis-sentinel://:secret@host:26379?sentinelMasterId=mymaster}, with Sentinels that need none);
 *       a wrong one is refused and never logged.</li>
 *   <li>TLS: {@code rediss://:secret@redis.internal:6380} verifies the server's certificate (Lettuce's default
 *       {@code verifyPeer=FULL}: the chain and the host name) against the JVM's default trust store, so a server
 *       whose certificate that store does not trust is refused, logged as {@code cannot connect}, and the fleet goes
 *       on locally (tested with a private CA's certificate). A wrong password is
 *       refused ({@code WRONGPASS} in the log) and, like the right one, never logged.</li>
 *   <li>TLS with a private CA: the URI cannot carry a trust store, so pass a client of the application's whose
 *       {@code SslOptions} trust that CA, and keep the URI for the server:
 * <pre>{@code
 * byte[] ca = Files.readAllBytes(Path.of("/etc/redis/ca.crt"));   // PEM, read once at startup
 * RedisClient client = RedisClient.create();
 * client.setOptions(ClientOptions.builder()
 *         .sslOptions(SslOptions.builder().trustManager(() -> new ByteArrayInputStream(ca)).build())
 *         .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
 *         .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(250)))
 *         .build());
 * RedisFleet fleet = RedisFleet.builder().client(client).uri("rediss://:secret@redis.internal:6380")
 *         .namespace("checkout").build();
 * }</pre>
 *       (tested with {@code verifyPeer=FULL}; Lettuce also takes a {@code TrustManagerFactory} built at startup).
 *       Not {@code SslOptions.trustManager(File)} or {@code truststore(File)}: Lettuce reads those files at each
 *       connection, on its event loop, a blocking read on a thread that must not block.</li>
 *   <li>{@code rediss://host:6380?verifyPeer=NONE} turns certificate verification off (the link is encrypted,
 *       the server unauthenticated): for a test, never for production. (Lettuce also reads {@code verifyPeer=CA},
 *       the chain without the host name; not tested here.)</li>
 * </ul>
 *
 * <p>Meters (with a {@link Builder#meterRegistry}): see {@link RedisFleetMeterNames}.
 */
public final class RedisFleet implements AutoCloseable {

    private final String namespace;
    private final String instanceId;
    private final FleetConnection connection;
    private final RedisHealthStore healthStore;
    private final RedisBudgetStore budgetStore;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RedisFleet(Builder b, RedisURI uri) {
        this.namespace = b.namespace;
        this.instanceId = b.instanceId;
        FleetMetrics metrics = new FleetMetrics(Optional.ofNullable(b.meterRegistry), namespace);
        FleetKeys keys = new FleetKeys(namespace);
        Connector connector = b.client != null ? Connector.of(b.client, uri)
                : Connector.owned(uri, b.cluster, b.commandTimeout, keys.health());
        this.connection = new FleetConnection(connector, RedisTargets.describe(uri) + (b.cluster ? " (cluster)" : ""),
                metrics, b.commandTimeout, min(b.resyncInterval, Duration.ofSeconds(1)));
        this.healthStore = new RedisHealthStore(connection, keys, instanceId, b.resyncInterval);
        this.budgetStore = new RedisBudgetStore(connection, keys, instanceId, b.resyncInterval,
                RedisBudgetStore.livenessTtl(b.resyncInterval, b.commandTimeout)).start();
        connection.start();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    /** A builder; {@link Builder#uri} and {@link Builder#namespace} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The store through which this instance's routers share provider health; set it with
     * {@code LlmRouter.Builder.healthStore}. The same store for every call; each router opens a session of its own.
     */
    public HealthStore healthStore() {
        return healthStore;
    }

    /**
     * The store through which this instance's routers share spending limits, one per fleet (the same store for
     * every call): build the routers' budget tracker on it,
     * {@code BudgetTracker tracker = BudgetTracker.builder(config).store(fleet.budgetStore()).build()}, then
     * {@code LlmRouter.builder().budgets(tracker)}; the fleet's instances then count against one budget per
     * provider and period, and each skips a provider as {@code OVER_BUDGET} once the fleet has spent its budget.
     *
     * <p>It answers every call at once from this instance's view and writes what changes to Redis in the
     * background. Overshoot bound: the fleet's spending stays below the limit plus the reservations of the calls in
     * flight plus what other instances admitted within one sync delay (a Redis round trip and a pub/sub hop, about a
     * millisecond on a LAN), as long as calls cost no more than they reserved. While Redis is down each instance
     * goes on alone from the totals it last heard, never waiting nor failing a request (each failed sync counts
     * {@code relay4j.fleet.fallbacks{kind=budget}}), so the fleet may then overshoot by what each instance admits
     * alone; the views converge once Redis answers again, even restarted empty. An instance that stops (crashes,
     * or closes with calls in flight) no longer holds its reservations after three {@link Builder#resyncInterval}s
     * plus {@link Builder#commandTimeout} (at least 5 s); what it spent stays. Closing the fleet closes the store:
     * it goes on counting locally.
     */
    public BudgetStore budgetStore() {
        return budgetStore;
    }

    /** The fleet's namespace. */
    public String namespace() {
        return namespace;
    }

    /** This instance's id, as its records and probe leases carry it. */
    public String instanceId() {
        return instanceId;
    }

    /**
     * True while both Redis connections (commands and pub/sub) are up and the fleet's channels are subscribed (from
     * then on, what another instance publishes reaches this one).
     */
    public boolean connected() {
        return connection.connected();
    }

    /**
     * Closes the connections, and the client when the fleet created it; returns at once, idempotent. Close the
     * routers first: sessions still open go on on local state, and so does the {@link #budgetStore()}. A probe
     * lease this instance holds is not given back: it expires; so do the budget reservations of calls still in
     * flight (see {@link #budgetStore()}).
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            budgetStore.close();
            connection.close();
        }
    }

    @Override
    public String toString() {
        return "RedisFleet[" + namespace + " at " + connection.target() + ", instance " + instanceId + "]";
    }

    /** Builds a {@link RedisFleet}; each setter checks its value at once. */
    public static final class Builder {
        private String uri;
        private RedisClient client;
        private boolean cluster;
        private String namespace;
        private String instanceId = UUID.randomUUID().toString();
        private MeterRegistry meterRegistry;
        private Duration commandTimeout = Duration.ofMillis(250);
        private Duration resyncInterval = Duration.ofSeconds(5);

        private Builder() {
        }

        /**
         * The server, in Lettuce's URI syntax: {@code redis://[[user]:password@]host[:port][/database]},
         * {@code rediss://} for TLS (with {@code ?verifyPeer=NONE|CA|FULL}, FULL by default),
         * {@code redis-sentinel://[password@]host[:port][,host2[:port2]][/database]?sentinelMasterId=name}.
         * Required. An error message never repeats the URI. See the class's Javadoc for what was tested, and for a
         * private CA (through {@link #client}).
         */
        public Builder uri(String uri) {
            this.uri = RedisTargets.check(uri);
            return this;
        }

        /**
         * A client of the application's (its resources and options) to open the connections with, instead of one the
         * fleet creates; {@link #uri} still names the server. The fleet does not close it. Its options apply as they
         * are: give it {@code disconnectedBehavior(REJECT_COMMANDS)} and a command timeout, or commands may queue
         * while Redis is down (the fleet's own timeout still bounds every wait). The way to trust a private CA for
         * TLS: its {@code SslOptions}, with the CA in memory (see the class's Javadoc).
         */
        public Builder client(RedisClient client) {
            this.client = Objects.requireNonNull(client, "client must not be null");
            return this;
        }

        /**
         * Whether {@link #uri} names a node of a Redis Cluster (any node: the client discovers the others and follows
         * the cluster's topology); false by default. A namespace's keys share one hash slot, so each script runs on
         * one node. Not with {@link #client}: the fleet creates its cluster client itself.
         */
        public Builder cluster(boolean cluster) {
            this.cluster = cluster;
            return this;
        }

        /**
         * The fleet: instances with the same namespace on the same Redis share their state, others do not. Required;
         * 1 to 100 characters of {@code [A-Za-z0-9._-]}.
         */
        public Builder namespace(String namespace) {
            this.namespace = FleetKeys.checkNamespace(namespace);
            return this;
        }

        /** This instance's id in the fleet (for probe leases and records' origin); a random UUID by default. */
        public Builder instanceId(String instanceId) {
            if (instanceId == null || instanceId.isBlank() || instanceId.length() > 200) {
                throw new IllegalArgumentException("instanceId must be 1 to 200 characters, not blank, was "
                        + (instanceId == null ? "null" : "'" + instanceId + "'"));
            }
            this.instanceId = instanceId;
            return this;
        }

        /** Where the fleet's meters go ({@link RedisFleetMeterNames}); none by default. */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry must not be null");
            return this;
        }

        /** How long any Redis command may take before the fleet goes on without it; 250 ms by default. */
        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = positive("commandTimeout", commandTimeout);
            return this;
        }

        /**
         * How often each store reads the whole shared state, which repairs pub/sub messages lost on the way; 5 s by
         * default. The bound on how stale an instance's view gets when messages are lost. The budget store writes its
         * values (and so its heartbeat) as often.
         */
        public Builder resyncInterval(Duration resyncInterval) {
            this.resyncInterval = positive("resyncInterval", resyncInterval);
            return this;
        }

        /** The fleet; returns at once and connects in the background. */
        public RedisFleet build() {
            if (uri == null) {
                throw new IllegalStateException("uri is required: the Redis server, e.g. redis://host:6379");
            }
            if (namespace == null) {
                throw new IllegalStateException("namespace is required: it names the fleet whose instances share "
                        + "their state, e.g. the service's name");
            }
            if (cluster && client != null) {
                throw new IllegalStateException("cluster(true) and client(RedisClient) do not go together: a "
                        + "RedisClient speaks to one server (or Sentinel); for Redis Cluster leave client unset and the "
                        + "fleet creates its cluster client from uri");
            }
            return new RedisFleet(this, RedisTargets.parse(uri));
        }

        private static Duration positive(String name, Duration value) {
            Objects.requireNonNull(value, name + " must not be null");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
