package io.relay4j.redis.internal.budget;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The store's two Redis connections, opened asynchronously: one for the sync script, one subscribed to the
 * change notices. Until they are open every call fails at once (the store goes on with its local values);
 * a connection that failed to open is tried again at each {@link #connect()}; once open, Lettuce reconnects it
 * by itself and re-subscribes the channel. Nothing here blocks.
 */
final class BudgetConnection {

    private final RedisClient client;
    private final RedisURI uri;
    private final Duration commandTimeout;
    private final String channel;
    private final Consumer<String> onNotice;
    private final Runnable onConnected;
    private final AtomicReference<StatefulRedisConnection<String, String>> commands = new AtomicReference<>();
    private final AtomicReference<StatefulRedisPubSubConnection<String, String>> notices = new AtomicReference<>();
    private final AtomicBoolean connectingCommands = new AtomicBoolean();
    private final AtomicBoolean connectingNotices = new AtomicBoolean();
    private volatile boolean closed;
    private volatile String digest;

    BudgetConnection(RedisClient client, RedisURI uri, Duration commandTimeout, String channel,
            Consumer<String> onNotice, Runnable onConnected) {
        this.client = client;
        this.uri = uri;
        this.commandTimeout = commandTimeout;
        this.channel = channel;
        this.onNotice = onNotice;
        this.onConnected = onConnected;
    }

    /**
     * Opens whichever connection is not open (nor opening) yet; returns at once. Lettuce builds a connection's
     * command proxies under a lock, so the opening runs on a thread that may block, never on the caller's.
     */
    void connect() {
        if (closed) {
            return;
        }
        if (commands.get() == null && connectingCommands.compareAndSet(false, true)) {
            Schedulers.boundedElastic().schedule(this::connectCommands);
        }
        if (notices.get() == null && connectingNotices.compareAndSet(false, true)) {
            Schedulers.boundedElastic().schedule(this::connectNotices);
        }
    }

    private void connectCommands() {
        try {
            client.connectAsync(StringCodec.UTF8, uri).whenComplete((connection, error) -> {
                connectingCommands.set(false);
                if (connection != null) {
                    digest = connection.reactive().digest(BudgetSyncScript.LUA);
                    keep(commands, connection);
                    onConnected.run();
                }
            });
        } catch (RuntimeException failed) {
            // the client is shutting down; a later connect() tries again if the store is still open
            connectingCommands.set(false);
        }
    }

    private void connectNotices() {
        try {
            client.connectPubSubAsync(StringCodec.UTF8, uri).whenComplete((connection, error) -> {
                connectingNotices.set(false);
                if (connection == null) {
                    return;
                }
                connection.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String from, String message) {
                        if (channel.equals(from)) {
                            onNotice.accept(message);
                        }
                    }
                });
                connection.async().subscribe(channel).whenComplete((ok, failed) -> {
                    if (failed != null) {
                        // not subscribed: drop this connection, the next connect() opens another
                        notices.compareAndSet(connection, null);
                        connection.closeAsync();
                    }
                });
                keep(notices, connection);
            });
        } catch (RuntimeException failed) {
            connectingNotices.set(false);
        }
    }

    /** True once the command connection has been opened (Lettuce keeps it open from then on). */
    boolean opened() {
        return digest != null;
    }

    private <C extends StatefulConnection<String, String>> void keep(AtomicReference<C> slot, C connection) {
        slot.set(connection);
        if (closed && slot.compareAndSet(connection, null)) {
            connection.closeAsync();
        }
    }

    /** Runs the sync script on {@code key}; fails at once when not connected. */
    Mono<List<Object>> sync(String key, String[] args) {
        StatefulRedisConnection<String, String> connection = commands.get();
        if (connection == null) {
            return Mono.error(new IllegalStateException("not connected to Redis"));
        }
        String[] keys = {key};
        return connection.reactive().<Object>evalsha(digest, ScriptOutputType.MULTI, keys, args)
                .onErrorResume(RedisNoScriptException.class,
                        // Redis restarted (or flushed its scripts): send the script itself, which loads it again
                        missing -> connection.reactive().<Object>eval(BudgetSyncScript.LUA, ScriptOutputType.MULTI,
                                keys, args))
                .collectList()
                .map(BudgetConnection::flatten)
                .timeout(commandTimeout);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> flatten(List<Object> reply) {
        return reply.size() == 1 && reply.get(0) instanceof List<?> nested ? (List<Object>) nested : reply;
    }

    /** Closes both connections without waiting. */
    void close() {
        closed = true;
        StatefulRedisConnection<String, String> c = commands.getAndSet(null);
        if (c != null) {
            c.closeAsync();
        }
        StatefulRedisPubSubConnection<String, String> n = notices.getAndSet(null);
        if (n != null) {
            n.closeAsync();
        }
    }
}
