package io.relay4j.core;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.fail;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.relay4j.core.observation.RequestObservationContext;
import io.relay4j.core.router.HedgingConfig;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The builder's observation registry sees every request and every attempt as an observation, and a request's
 * observation joins the caller's trace: its parent is the caller's current observation from the Reactor
 * context (as Spring WebFlux puts it there).
 */
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

    @Test
    void aGenerateRequestsObservationIsAChildOfTheCallersObservation() {
        assertRequestObservationIsChildOfCaller(false, router -> router.generate(REQUEST));
    }

    @Test
    void aHedgedGenerateRequestsObservationIsAChildOfTheCallersObservation() {
        assertRequestObservationIsChildOfCaller(true, router -> router.generate(REQUEST));
    }

    @Test
    void aStreamRequestsObservationIsAChildOfTheCallersObservation() {
        assertRequestObservationIsChildOfCaller(false, router -> router.stream(REQUEST));
    }

    @Test
    void aHedgedStreamRequestsObservationIsAChildOfTheCallersObservation() {
        assertRequestObservationIsChildOfCaller(true, router -> router.stream(REQUEST));
    }

    @Test
    void withoutACallerObservationTheRequestObservationIsARoot() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        LlmRouter router = routerOf(ScriptedProvider.named("a")).observationRegistry(registry).build();

        StepVerifier.create(router.generate(REQUEST).contextWrite(context -> context.put("unrelated", "value")))
                .expectNextCount(1).verifyComplete();

        assertThat(registry).hasObservationWithNameEqualTo("relay4j.request").that()
                .doesNotHaveParentObservation();
    }

    private static void assertRequestObservationIsChildOfCaller(boolean hedged,
                                                                Function<LlmRouter, Publisher<?>> call) {
        TestObservationRegistry registry = TestObservationRegistry.create();
        LlmRouter.Builder builder = routerOf(ScriptedProvider.named("a")).observationRegistry(registry);
        if (hedged) {
            builder.hedging(HedgingConfig.custom().fixedDelay(Duration.ofMillis(300)).build());
        }
        LlmRouter router = builder.build();
        Observation caller = Observation.start("http.server.requests", registry);

        StepVerifier.create(Flux.from(call.apply(router))
                        .contextWrite(context -> context.put(ObservationThreadLocalAccessor.KEY, caller)))
                .thenConsumeWhile(anything -> true)
                .verifyComplete();
        caller.stop();

        assertThat(registry).hasObservationWithNameEqualTo("relay4j.request").that()
                .hasBeenStopped()
                .hasParentObservationContextMatching(parent -> parent == caller.getContext());
        assertThat(registry).hasObservationWithNameEqualTo("relay4j.attempt").that()
                .hasParentObservationContextMatching(parent -> parent instanceof RequestObservationContext);
    }
}
