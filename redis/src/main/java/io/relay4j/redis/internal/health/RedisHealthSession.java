package io.relay4j.redis.internal.health;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.relay4j.core.spi.HealthRecord;
import io.relay4j.core.spi.HealthStore;
import io.relay4j.redis.internal.FleetConnection;
import io.relay4j.redis.internal.FleetKeys;
import io.relay4j.redis.internal.FleetMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One router's session on the Redis health store. Every method returns at once: commands go out in the background
 * with a timeout, and a failure only counts an error. What this instance published is kept as its last-known state
 * and written again whenever Redis may have lost it (a failed write, a reconnection, an emptied Redis), after which
 * the whole hash is read and delivered; the same read runs every resync interval, for pub/sub messages lost while
 * a connection was down.
 */
final class RedisHealthSession implements HealthStore.Session, FleetConnection.Listener {

    private static final Logger log = LoggerFactory.getLogger(RedisHealthSession.class);
    private static final Mono<Boolean> GRANTED = Mono.just(Boolean.TRUE);

    private final FleetConnection connection;
    private final FleetKeys keys;
    private final String id;
    private final Duration resyncInterval;
    private final SerialDelivery delivery;
    private final FleetMetrics metrics;
    private final Duration timeout;
    private final Map<String, HealthRecord> lastKnown = new ConcurrentHashMap<>();
    /** The providers whose probe lease this session holds in Redis, given back when it closes. */
    private final Set<String> leases = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicInteger syncs = new AtomicInteger();
    private volatile Disposable ticker;
    private volatile boolean closed;

    RedisHealthSession(FleetConnection connection, FleetKeys keys, String id, Duration resyncInterval,
                       SerialDelivery delivery) {
        this.connection = connection;
        this.keys = keys;
        this.id = id;
        this.resyncInterval = resyncInterval;
        this.delivery = delivery;
        this.metrics = connection.metrics();
        this.timeout = connection.commandTimeout();
    }

    void start() {
        connection.addListener(this);
        connection.subscribe(keys.healthChannel());
        ticker = Flux.interval(resyncInterval, resyncInterval).subscribe(tick -> sync());
        if (connection.commands().isPresent()) {
            sync();
        }
    }

    /** The id this session's records and probe leases carry. */
    String id() {
        return id;
    }

    @Override
    public void publish(HealthRecord record) {
        HealthRecord mine = record.origin().equals(id) ? record : record.toBuilder().origin(id).build();
        leases.remove(mine.provider()); // the script ends this session's lease: its verdict is in
        lastKnown.merge(mine.provider(), mine, (old, now) -> now.at().isBefore(old.at()) ? old : now);
        if (closed) {
            return;
        }
        Optional<RedisClusterReactiveCommands<String, String>> commands = connection.commands();
        if (commands.isEmpty()) {
            metrics.error("publish");
            dirty.set(true);
            return;
        }
        write(commands.get(), mine).subscribeOn(connection.dispatch()).subscribe(null, error -> {
            metrics.error("publish");
            dirty.set(true);
            log.debug("relay4j fleet: publishing {} failed ({}); kept to publish again", mine,
                    error.getClass().getSimpleName());
        });
    }

    @Override
    public Mono<Boolean> acquireProbe(String provider, Duration lease) {
        Optional<RedisClusterReactiveCommands<String, String>> commands = closed ? Optional.empty()
                : connection.commands();
        if (commands.isEmpty()) {
            if (!closed) {
                metrics.error("acquire");
            }
            metrics.fallback("probe");
            return GRANTED;
        }
        String millis = String.valueOf(Math.max(1, lease.toMillis()));
        return Mono.defer(() -> commands.get().<Long>eval(HealthScripts.ACQUIRE, ScriptOutputType.INTEGER,
                        new String[] {keys.probe(provider)}, id, millis).next())
                .subscribeOn(connection.dispatch())
                .timeout(timeout)
                .map(granted -> {
                    if (granted == 1L) {
                        leases.add(provider);
                    }
                    return granted == 1L;
                })
                .switchIfEmpty(GRANTED)
                .onErrorResume(error -> {
                    metrics.error("acquire");
                    metrics.fallback("probe");
                    return GRANTED;
                });
    }

    @Override
    public void releaseProbe(String provider) {
        leases.remove(provider);
        Optional<RedisClusterReactiveCommands<String, String>> commands = closed ? Optional.empty()
                : connection.commands();
        if (commands.isEmpty()) {
            if (!closed) {
                metrics.error("release"); // the lease expires by itself
            }
            return;
        }
        Mono.defer(() -> commands.get().<Long>eval(HealthScripts.RELEASE, ScriptOutputType.INTEGER,
                        new String[] {keys.probe(provider)}, id).next())
                .timeout(timeout)
                .subscribe(null, error -> metrics.error("release")); // rare, and at close: not queued behind dispatch
    }

    @Override
    public void onConnected() {
        // Redis may have restarted empty, or pub/sub messages were lost while down
        dirty.set(true);
        sync();
    }

    @Override
    public void onMessage(String channel, String message) {
        if (closed || !channel.equals(keys.healthChannel())) {
            return;
        }
        HealthRecordCodec.decode(message).ifPresent(record -> {
            if (!record.origin().equals(id)) {
                metrics.lag("health", Duration.between(record.at(), Instant.now()));
            }
            delivery.deliver(record);
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        // a router that closes while it holds a probe lease gives it back, so the fleet need not wait it out
        leases.forEach(this::releaseProbe);
        closed = true;
        connection.removeListener(this);
        Disposable t = ticker;
        if (t != null) {
            t.dispose();
        }
    }

    /** Writes again what this instance knows when Redis may have lost it, then reads and delivers the whole hash. */
    void sync() {
        if (syncs.getAndIncrement() == 0) {
            runSync();
        }
    }

    private void runSync() {
        Optional<RedisClusterReactiveCommands<String, String>> commands = closed ? Optional.empty()
                : connection.commands();
        if (commands.isEmpty()) {
            syncDone();
            return;
        }
        RedisClusterReactiveCommands<String, String> c = commands.get();
        Mono<Void> republish = Mono.empty();
        if (dirty.getAndSet(false)) {
            republish = Flux.fromIterable(lastKnown.values()).concatMap(r -> write(c, r)).then()
                    .doOnError(error -> {
                        dirty.set(true);
                        metrics.error("publish");
                    })
                    .onErrorResume(error -> Mono.empty());
        }
        republish.then(Mono.defer(() -> c.hgetall(keys.health()).collectList()).timeout(timeout))
                .subscribe(fields -> {
                    for (KeyValue<String, String> field : fields) {
                        if (field.hasValue()) {
                            HealthRecordCodec.decode(field.getValue()).ifPresent(delivery::deliver);
                        }
                    }
                }, error -> {
                    metrics.error("resync");
                    syncDone();
                }, this::syncDone);
    }

    private void syncDone() {
        if (syncs.decrementAndGet() != 0) {
            // asked again while this one ran: once more, for what changed meanwhile
            syncs.set(1);
            runSync();
        }
    }

    private Mono<Void> write(RedisClusterReactiveCommands<String, String> c, HealthRecord record) {
        return Mono.defer(() -> c.<String>eval(HealthScripts.PUBLISH, ScriptOutputType.VALUE,
                        new String[] {keys.health(), keys.probe(record.provider())}, record.provider(),
                        HealthRecordCodec.encode(record), id, keys.healthChannel()).then())
                .timeout(timeout);
    }
}
