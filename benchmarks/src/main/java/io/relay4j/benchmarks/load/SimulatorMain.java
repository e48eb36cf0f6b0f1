package io.relay4j.benchmarks.load;

import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.LatencyDistribution;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Vendor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs simulators in their own JVM, so that the system under test's process holds only the client side (its
 * heap is then the client's alone) and every peer, Java or not, can reach the same upstream.
 *
 * <pre>
 * java -cp benchmarks.jar io.relay4j.benchmarks.load.SimulatorMain PORT:BEHAVIOUR [PORT:BEHAVIOUR ...]
 * </pre>
 * BEHAVIOUR is {@code fast} (OpenAI format, answers at once with 20 tokens), {@code fail500} (every request gets
 * a 500), {@code slowstream} (a stream that sends one token every 2 s for ten minutes), {@code noise:PERCENT}
 * (answers in 50-150 ms, a random PERCENT of requests get a 500) or {@code throttle:RPS} (answers in 50-150 ms,
 * 429 for every request beyond RPS in the same second). Prints
 * {@code ready PORT BASEURL} per server, then serves until its standard input closes or it is stopped.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: SimulatorMain PORT:BEHAVIOUR ... (fast | fail500 | slowstream)");
        }
        List<SimulatorServer> servers = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> servers.forEach(SimulatorMain::stop)));
        for (String arg : args) {
            String[] portAndBehaviour = arg.split(":", 2);
            if (portAndBehaviour.length != 2) {
                throw new IllegalArgumentException("expected PORT:BEHAVIOUR, got '" + arg + "'");
            }
            SimulatorServer server = SimulatorServer.builder(Vendor.OPENAI)
                    .port(Integer.parseInt(portAndBehaviour[0]))
                    .behaviour(behaviour(portAndBehaviour[1]))
                    .bind()
                    .block(java.time.Duration.ofSeconds(30));
            servers.add(server);
            System.out.println("ready " + server.port() + " " + server.baseUrl());
        }
        System.out.flush();
        // serve until the parent closes our standard input (or kills us); reading blocks only this main thread
        while (System.in.read() >= 0) {
            // input is ignored
        }
        servers.forEach(SimulatorMain::stop);
    }

    static Behaviour behaviour(String name) {
        if (name.startsWith("noise:")) {
            // answers in 50-150 ms; a random PERCENT of requests get a 500 (issue 17's transient errors)
            double percent = Double.parseDouble(name.substring("noise:".length()));
            return Behaviour.builder().latency(VENDOR_LATENCY).faultRate(Fault.SERVER_ERROR_500, percent / 100).build();
        }
        if (name.startsWith("throttle:")) {
            // answers in 50-150 ms, and 429s every request beyond RPS in the same second
            int perSecond = Integer.parseInt(name.substring("throttle:".length()));
            return Behaviour.builder().latency(VENDOR_LATENCY).requestsPerSecond(perSecond).build();
        }
        return switch (name) {
            case "fast" -> Behaviour.healthy();
            case "fail500" -> Behaviour.always(Fault.SERVER_ERROR_500);
            case "slowstream" -> Behaviour.builder().tokenDelay(Duration.ofSeconds(2)).answerTokens(300).build();
            default -> throw new IllegalArgumentException("unknown behaviour '" + name
                    + "': use fast, fail500, slowstream, noise:PERCENT or throttle:RPS");
        };
    }

    /** A vendor answering in 50 to 150 ms. */
    private static final LatencyDistribution VENDOR_LATENCY =
            LatencyDistribution.uniform(Duration.ofMillis(50), Duration.ofMillis(150));

    /** Closes a server and waits for its connections to close (this main thread may block). */
    private static void stop(SimulatorServer server) {
        server.close();
        server.onClose().block(java.time.Duration.ofSeconds(10));
    }
}
