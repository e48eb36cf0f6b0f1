package io.relay4j.redis.internal;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A fleet's two Redis connections, one for commands and one for pub/sub, opened in the background: until they are
 * up the stores work on local state. Lettuce reconnects an established connection by itself; a first connection
 * that fails is retried here. Listeners hear each (re)connection, so they can bring Redis and their view back in
 * step, and each pub/sub message.
 */
public final class FleetConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetConnection.class);

    /** Told of (re)connections and pub/sub messages, on a Lettuce event loop; must be fast and never throw. */
    public interface Listener {
        /** A connection came up (first time or again): what Redis holds may be behind or gone. */
        void onConnected();

        void onMessage(String channel, String message);
    }

    private final Connector connector;
    private final String target;
    private final FleetMetrics metrics;
    private final Duration commandTimeout;
    private final Duration retryDelay;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet();
    private final Set<Disposable> retries = ConcurrentHashMap.newKeySet();
    private volatile Connector.Commands commands;
    private volatile StatefulRedisPubSubConnection<String, String> pubSub;
    private volatile boolean closed;

    /**
     * @param target what logs may say about the server (host:port, never the password)
     */
    private final Scheduler dispatch;

    public FleetConnection(Connector connector, String target, FleetMetrics metrics, Duration commandTimeout,
                           Duration retryDelay) {
        this.connector = connector;
        this.target = target;
        this.metrics = metrics;
        this.commandTimeout = commandTimeout;
        this.retryDelay = retryDelay;
        this.dispatch = Schedulers.newSingle("relay4j-fleet", true);
        metrics.connectedGauge(this::connected);
    }

    /**
     * The fleet's own thread, on which the stores hand their commands to Lettuce: a request that learns something
     * (a trip, a probe's verdict) only queues the write there, instead of encoding and dispatching it on its own
     * thread (the request's tail latency while providers flapped showed that cost). One thread keeps the writes in
     * order; disposed when the connection closes.
     */
    public Scheduler dispatch() {
        return dispatch;
    }

    /** Starts connecting; returns at once. */
    public void start() {
        connectCommands();
        connectPubSub();
    }

    public String target() {
        return target;
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    public FleetMetrics metrics() {
        return metrics;
    }

    /**
     * True while both connections are up, once every channel asked for has been subscribed (a message published
     * before then would be missed, seen only at the next resync; Lettuce subscribes again by itself after a
     * reconnection).
     */
    public boolean connected() {
        Connector.Commands c = commands;
        StatefulRedisPubSubConnection<String, String> p = pubSub;
        return !closed && c != null && c.connection().isOpen() && p != null && p.isOpen()
                && subscribed.containsAll(channels);
    }

    /** The command API, once the command connection is up and while it is; empty before or after. */
    public Optional<RedisClusterReactiveCommands<String, String>> commands() {
        Connector.Commands c = commands;
        return closed || c == null || !c.connection().isOpen() ? Optional.empty() : Optional.of(c.api());
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** Subscribes to {@code channel} now or as soon as the pub/sub connection is up (and again after reconnections). */
    public void subscribe(String channel) {
        if (channels.add(channel)) {
            StatefulRedisPubSubConnection<String, String> p = pubSub;
            if (p != null) {
                subscribe(p, channel);
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        retries.forEach(Disposable::dispose);
        // writes already queued are still handed to Lettuce (best effort: the connections are closing), then the
        // thread ends
        dispatch.disposeGracefully().timeout(commandTimeout).onErrorResume(error -> Mono.fromRunnable(dispatch::dispose))
                .subscribe();
        listeners.clear();
        Connector.Commands open = commands;
        CompletableFuture<?> c = closeQuietly(open == null ? null : open.connection());
        CompletableFuture<?> p = closeQuietly(pubSub);
        CompletableFuture.allOf(c, p).whenComplete((ok, error) -> connector.shutdown());
        metrics.close();
    }

    private void connectCommands() {
        connect(connector::commands, "connect", Connector.Commands::connection, c -> {
            commands = c;
            c.connection().addListener(reconnections());
            connectedAgain();
        }, this::connectCommands);
    }

    private void connectPubSub() {
        connect(connector::pubSub, "subscribe", p -> p, p -> {
            p.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    for (Listener l : listeners) {
                        l.onMessage(channel, message);
                    }
                }
            });
            pubSub = p;
            p.addListener(reconnections());
            channels.forEach(ch -> subscribe(p, ch));
            connectedAgain();
        }, this::connectPubSub);
    }

    private <C> void connect(Supplier<CompletionStage<? extends C>> connecting, String operation,
                             Function<C, StatefulConnection<?, ?>> connectionOf, Consumer<C> onUp, Runnable retry) {
        if (closed) {
            return;
        }
        CompletionStage<? extends C> future;
        try {
            future = connecting.get();
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((connection, error) -> {
            if (error != null) {
                metrics.error(operation);
                log.warn("relay4j fleet: cannot connect to Redis at {} ({}); working on local state, retrying in {}",
                        target, RedisTargets.describe(error), retryDelay);
                scheduleRetry(retry);
            } else if (closed) {
                closeQuietly(connectionOf.apply(connection));
            } else {
                log.info("relay4j fleet: connected to Redis at {} ({})", target, operation.equals("connect")
                        ? "commands" : "pub/sub");
                onUp.accept(connection);
            }
        });
    }

    private void scheduleRetry(Runnable retry) {
        if (closed) {
            return;
        }
        Disposable[] holder = new Disposable[1];
        holder[0] = Mono.delay(retryDelay).subscribe(tick -> {
            retries.remove(holder[0]);
            retry.run();
        });
        retries.add(holder[0]);
        if (closed) {
            holder[0].dispose();
        }
    }

    private RedisConnectionStateListener reconnections() {
        return new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
                connectedAgain();
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (!closed) {
                    log.warn("relay4j fleet: lost a connection to Redis at {}; working on local state until it is back",
                            target);
                }
            }
        };
    }

    private void connectedAgain() {
        if (!closed) {
            for (Listener l : listeners) {
                l.onConnected();
            }
        }
    }

    private void subscribe(StatefulRedisPubSubConnection<String, String> p, String channel) {
        p.reactive().subscribe(channel).timeout(commandTimeout).subscribe(null, error -> {
            metrics.error("subscribe");
            log.warn("relay4j fleet: cannot subscribe to {} at {} ({}); the periodic resync stands in until a retry "
                    + "in {} works", channel, target, RedisTargets.describe(error), retryDelay);
            // Lettuce subscribes again after a reconnection only to the channels it was subscribed to
            scheduleRetry(() -> subscribe(p, channel));
        }, () -> subscribed.add(channel));
    }

    private static CompletableFuture<?> closeQuietly(StatefulConnection<?, ?> connection) {
        if (connection == null) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return connection.closeAsync().exceptionally(e -> null);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(null);
        }
    }
}
