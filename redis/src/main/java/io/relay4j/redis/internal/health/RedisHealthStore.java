package io.relay4j.redis.internal.health;

import io.relay4j.core.spi.HealthRecord;
import io.relay4j.core.spi.HealthStore;
import io.relay4j.redis.internal.FleetConnection;
import io.relay4j.redis.internal.FleetKeys;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link HealthStore} on Redis: one hash of merged records per namespace, kept by a script that also publishes
 * each change on the namespace's channel, and one lease key per provider for the half-open probe. Each router's
 * {@link #open session} routes on its own view and only hears from Redis.
 */
public final class RedisHealthStore implements HealthStore {

    private final FleetConnection connection;
    private final FleetKeys keys;
    private final String instanceId;
    private final Duration resyncInterval;
    private final AtomicInteger sessions = new AtomicInteger();

    public RedisHealthStore(FleetConnection connection, FleetKeys keys, String instanceId, Duration resyncInterval) {
        this.connection = connection;
        this.keys = keys;
        this.instanceId = instanceId;
        this.resyncInterval = resyncInterval;
    }

    @Override
    public Session open(Consumer<HealthRecord> updates) {
        Objects.requireNonNull(updates, "updates must not be null");
        int n = sessions.incrementAndGet();
        // two routers on one fleet are two instances to each other: each needs its own lease owner id
        String sessionId = n == 1 ? instanceId : instanceId + "/" + n;
        RedisHealthSession session = new RedisHealthSession(connection, keys, sessionId, resyncInterval,
                new SerialDelivery(updates));
        session.start();
        return session;
    }

    @Override
    public String toString() {
        return "RedisHealthStore[" + connection.target() + ", " + keys.health() + "]";
    }
}
