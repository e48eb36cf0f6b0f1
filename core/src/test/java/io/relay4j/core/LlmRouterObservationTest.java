package io.relay4j.core;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.fail;

import io.micrometer.observation.tck.TestObservationRegistry;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The builder's observation registry sees every request and every attempt as an observation. */
@BothRoutingPaths
class LlmRouterObservationTest extends VirtualTimeScenario {

    @Test
    void aFailedOverRequestIsOneRequestObservationWithAnAttemptObservationPerCall() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        ScriptedProvider a = ScriptedProvider.named("a").then(fail(Errors.banned()));
        ScriptedProvider b = ScriptedProvider.named("b");
        LlmRouter router = routerOf(a, b).observationRegistry(registry).build();

        StepVerifier.create(router.generate(REQUEST)).expectNextCount(1).verifyComplete();

        assertThat(registry).hasNumberOfObservationsWithNameEqualTo("relay4j.request", 1)
                .hasNumberOfObservationsWithNameEqualTo("relay4j.attempt", 2)
                .hasObservationWithNameEqualTo("relay4j.request").that()
                .hasBeenStarted().hasBeenStopped()
                .hasLowCardinalityKeyValue("relay4j.provider", "b");
    }
}
