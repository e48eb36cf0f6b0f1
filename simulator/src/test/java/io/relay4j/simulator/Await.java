package io.relay4j.simulator;

import java.time.Duration;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Waits, bounded, for a server's counters to reach a state the test expects. */
final class Await {

    private Await() {
    }

    static SimulatorStats stats(SimulatorServer server, Predicate<SimulatorStats> condition) {
        return Flux.interval(Duration.ZERO, Duration.ofMillis(5))
                .map(tick -> server.stats())
                .filter(condition)
                .next()
                .timeout(Duration.ofSeconds(5),
                        Mono.error(() -> new AssertionError("stats never reached the expected state: " + server.stats())))
                .block();
    }
}
