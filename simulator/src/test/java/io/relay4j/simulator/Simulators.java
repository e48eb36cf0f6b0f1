package io.relay4j.simulator;

import java.time.Duration;

/**
 * Test-thread conveniences over the simulator's non-blocking API: start a server and wait until it is bound,
 * close one and wait until every connection is gone. Tests may block; the simulator itself never does.
 */
public final class Simulators {

    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private Simulators() {
    }

    public static SimulatorServer start(Vendor vendor, Behaviour behaviour) {
        return start(SimulatorServer.builder(vendor).behaviour(behaviour));
    }

    public static SimulatorServer start(SimulatorServer.Builder builder) {
        SimulatorServer server = builder.bind().block(BIND_TIMEOUT);
        if (server == null) {
            throw new IllegalStateException("the simulator server did not bind");
        }
        return server;
    }

    public static void stop(SimulatorServer server) {
        server.close();
        server.onClose().block(CLOSE_TIMEOUT);
    }
}
