package io.relay4j.redis.fleet;

import static io.relay4j.redis.fleet.FleetInstance.WAIT;

import io.relay4j.redis.testing.RedisServerProcess;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Vendor;

/**
 * What a fleet test's instances share: a real Redis and two simulated vendors, {@code p} (the primary, whose
 * requests the simulator counts) and {@code q} (a healthy fallback); closed, and waited for, at the end.
 */
final class FleetBackends implements AutoCloseable {

    final RedisServerProcess redis = RedisServerProcess.start();
    final SimulatorServer p;
    final SimulatorServer q = SimulatorServer.bind(Vendor.OPENAI, Behaviour.healthy()).block(WAIT);

    FleetBackends(Behaviour pBehaviour) {
        p = SimulatorServer.bind(Vendor.OPENAI, pBehaviour).block(WAIT);
    }

    @Override
    public void close() {
        p.close();
        q.close();
        p.onClose().block(WAIT);
        q.onClose().block(WAIT);
        redis.close();
    }
}
