package io.relay4j.simulator.e2e;

import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.netty.resources.ConnectionPoolMetrics;
import reactor.netty.resources.ConnectionProvider;

/**
 * A connection pool whose occupancy a test can read: reactor-netty hands the pool's live metrics of every
 * remote address to this registrar, and {@link #acquired()} sums the connections currently lent out.
 */
final class PoolGauge implements ConnectionProvider.MeterRegistrar {

    private final List<ConnectionPoolMetrics> pools = new CopyOnWriteArrayList<>();
    private final ConnectionProvider provider;

    PoolGauge(String name, int maxConnections) {
        this.provider = ConnectionProvider.builder(name)
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(4 * maxConnections)
                .metrics(true, () -> this)
                .build();
    }

    /** The pool to give a provider builder. */
    ConnectionProvider provider() {
        return provider;
    }

    @Override
    public void registerMetrics(String poolName, String id, SocketAddress remoteAddress, ConnectionPoolMetrics metrics) {
        pools.add(metrics);
    }

    /** Connections lent out to calls right now; zero once every call has returned or closed its connection. */
    int acquired() {
        return pools.stream().mapToInt(ConnectionPoolMetrics::acquiredSize).sum();
    }

    /** Calls waiting for a connection right now. */
    int pending() {
        return pools.stream().mapToInt(ConnectionPoolMetrics::pendingAcquireSize).sum();
    }

    /** Open connections, lent out or idle. */
    int allocated() {
        return pools.stream().mapToInt(ConnectionPoolMetrics::allocatedSize).sum();
    }

    /** The remote addresses this pool has connected to. */
    int remotes() {
        return pools.size();
    }

    void dispose() {
        provider.dispose();
    }

    @Override
    public String toString() {
        return "pool[acquired=" + acquired() + ", pending=" + pending() + ", allocated=" + allocated() + "]";
    }
}
