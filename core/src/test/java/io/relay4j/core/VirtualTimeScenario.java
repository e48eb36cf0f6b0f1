package io.relay4j.core;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Base of the router scenarios: a virtual clock installed before each test (the router reads time and
 * schedules delays through the parallel scheduler, which it replaces), and a real-time guard so a broken
 * scenario fails instead of hanging the build. Annotated {@link BothRoutingPaths}, a scenario class runs on
 * the unhedged and the hedged path.
 */
abstract class VirtualTimeScenario extends RoutingPathScenario {

    protected VirtualTimeScheduler vts;

    @BeforeEach
    void installVirtualTime() {
        vts = VirtualTimeScheduler.getOrSet();
        StepVerifier.setDefaultTimeout(Duration.ofSeconds(10));
    }

    @AfterEach
    void restoreRealTime() {
        StepVerifier.resetDefaultTimeout();
        VirtualTimeScheduler.reset();
    }
}
