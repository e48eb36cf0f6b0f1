package io.relay4j.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;

/**
 * Base of the router scenarios that can run on both whole-answer paths: annotated {@link BothRoutingPaths},
 * a class runs once per path, and every router its tests build through {@link RouterTestKit#routerOf} (or
 * {@link StreamTestKit#routerOf}) takes that path. Without the annotation a class runs unhedged only.
 */
abstract class RoutingPathScenario {

    /** Whether this run's routers hedge; set per class run by {@link BothRoutingPaths}. */
    @Parameter
    protected boolean hedged;

    @BeforeEach
    void chooseRoutingPath() {
        RouterTestKit.routingPath(hedged);
    }

    @AfterEach
    void resetRoutingPath() {
        RouterTestKit.routingPath(false);
    }
}
