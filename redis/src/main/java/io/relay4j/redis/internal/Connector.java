package io.relay4j.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Opens a fleet's connections with a standalone/Sentinel client or a Redis Cluster client: the stores only see a
 * command API both share ({@link RedisClusterReactiveCommands}) and a pub/sub connection.
 */
public interface Connector {

    /** A command connection and its reactive API. */
    record Commands(StatefulConnection<String, String> connection, RedisClusterReactiveCommands<String, String> api) {
    }

    CompletionStage<Commands> commands();

    CompletionStage<? extends StatefulRedisPubSubConnection<String, String>> pubSub();

    /** Closes the client and its resources when the fleet created them; does nothing for the application's. */
    void shutdown();

    /** The application's client: its options as they are, never closed here. */
    static Connector of(RedisClient client, RedisURI uri) {
        return new Connector() {
            @Override
            public CompletionStage<Commands> commands() {
                return client.connectAsync(StringCodec.UTF8, uri).thenApply(c -> new Commands(c, c.reactive()));
            }

            @Override
            public CompletionStage<? extends StatefulRedisPubSubConnection<String, String>> pubSub() {
                return client.connectPubSubAsync(StringCodec.UTF8, uri);
            }

            @Override
            public void shutdown() {
            }
        };
    }

    /**
     * A client of the fleet's own, standalone (or Sentinel) or Redis Cluster, closed with the fleet.
     *
     * @param slotKey a key of the namespace: on a cluster, the connection to the master of its slot (where all the
     *                namespace's keys are) is opened before the connection counts as up
     */
    static Connector owned(RedisURI uri, boolean cluster, Duration commandTimeout, String slotKey) {
        ClientResources resources = ClientResources.builder()
                // a dropped connection retries soon: the fleet's view is stale while it is down
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        if (cluster) {
            RedisClusterClient client = RedisClusterClient.create(resources, uri);
            client.setOptions(ClusterClientOptions.builder(options(commandTimeout))
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers().build())
                    .build());
            return new Connector() {
                @Override
                public CompletionStage<Commands> commands() {
                    // an async connect needs the topology first; the blocking connect() would load it itself
                    return client.refreshPartitionsAsync().thenCompose(loaded -> client.connectAsync(StringCodec.UTF8))
                            .thenCompose(c -> warm(c, slotKey)).thenApply(c -> new Commands(c, c.reactive()));
                }

                @Override
                public CompletionStage<? extends StatefulRedisPubSubConnection<String, String>> pubSub() {
                    return client.refreshPartitionsAsync()
                            .thenCompose(loaded -> client.connectPubSubAsync(StringCodec.UTF8));
                }

                @Override
                public void shutdown() {
                    close(client.shutdownAsync(0, 2, TimeUnit.SECONDS), resources);
                }
            };
        }
        RedisClient client = RedisClient.create(resources);
        client.setOptions(options(commandTimeout));
        Connector connector = of(client, uri);
        return new Connector() {
            @Override
            public CompletionStage<Commands> commands() {
                return connector.commands();
            }

            @Override
            public CompletionStage<? extends StatefulRedisPubSubConnection<String, String>> pubSub() {
                return connector.pubSub();
            }

            @Override
            public void shutdown() {
                close(client.shutdownAsync(0, 2, TimeUnit.SECONDS), resources);
            }
        };
    }

    /**
     * Opens the connection to the master of {@code slotKey}'s slot: a cluster connection opens its node connections
     * on first use, and with {@code REJECT_COMMANDS} that first command would be rejected. After a failover the new
     * master's first command may still be (counted as an error, answered locally, as for any failure).
     */
    private static CompletionStage<StatefulRedisClusterConnection<String, String>> warm(
            StatefulRedisClusterConnection<String, String> connection, String slotKey) {
        RedisClusterNode master = connection.getPartitions().getMasterBySlot(SlotHash.getSlot(slotKey));
        if (master == null) {
            return CompletableFuture.completedFuture(connection);
        }
        return connection.getConnectionAsync(master.getUri().getHost(), master.getUri().getPort())
                .handle((node, error) -> connection);
    }

    private static ClientOptions options(Duration commandTimeout) {
        return ClientOptions.builder()
                .autoReconnect(true)
                // fail at once while disconnected rather than queue: every caller has a local answer
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(1024)
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build())
                .build();
    }

    private static void close(CompletableFuture<Void> client, ClientResources resources) {
        client.whenComplete((ok, e) -> resources.shutdown(0, 2, TimeUnit.SECONDS));
    }
}
