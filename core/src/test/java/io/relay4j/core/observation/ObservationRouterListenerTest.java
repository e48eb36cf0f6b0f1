package io.relay4j.core.observation;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.relay4j.core.Attempt;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.event.Operation;
import io.relay4j.core.testing.RouterTraffic;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObservationRouterListenerTest {

    private final TestObservationRegistry registry = TestObservationRegistry.create();
    private final ObservationRouterListener listener = ObservationRouterListener.builder(registry).build();
    private final RouterTraffic traffic = new RouterTraffic(listener);

    @Test
    void aSuccessfulRequestIsOneRequestObservationWithOneAttemptChild() {
        traffic.plainSuccess(1);

        assertThat(registry).hasNumberOfObservationsWithNameEqualTo("relay4j.request", 1)
                .hasNumberOfObservationsWithNameEqualTo("relay4j.attempt", 1)
                .hasObservationWithNameEqualTo("relay4j.request").that()
                .hasBeenStarted().hasBeenStopped()
                .hasContextualNameEqualTo("relay4j generate")
                .hasLowCardinalityKeyValue("gen_ai.operation.name", "chat")
                .hasLowCardinalityKeyValue("relay4j.provider", "openai")
                .hasLowCardinalityKeyValue("relay4j.outcome", "success")
                .hasLowCardinalityKeyValue("error.type", "none")
                .hasHighCardinalityKeyValue("relay4j.request.id", "1")
                .hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", "100")
                .hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", "50");
        assertThat(registry).hasObservationWithNameEqualTo("relay4j.attempt").that()
                .hasBeenStarted().hasBeenStopped()
                .hasContextualNameEqualTo("chat gpt-4o-mini")
                .hasParentObservationContextMatching(parent -> parent instanceof RequestObservationContext)
                .hasLowCardinalityKeyValue("gen_ai.provider.name", "openai")
                .hasLowCardinalityKeyValue("gen_ai.request.model", "gpt-4o-mini")
                .hasLowCardinalityKeyValue("gen_ai.response.model", "gpt-4o-mini")
                .hasLowCardinalityKeyValue("relay4j.attempt.kind", "primary")
                .hasLowCardinalityKeyValue("relay4j.outcome", "success")
                .hasHighCardinalityKeyValue("gen_ai.usage.output_tokens", "50")
                .doesNotHaveError();
        assertThat(listener.openRequests()).isZero();
    }

    @Test
    void aFallbackShowsTheFailedAndTheServingAttempt() {
        traffic.fallback(2);

        assertThat(registry).hasNumberOfObservationsWithNameEqualTo("relay4j.attempt", 2)
                .hasAnObservation(o -> o.hasNameEqualTo("relay4j.attempt")
                        .hasLowCardinalityKeyValue("relay4j.provider", "anthropic")
                        .hasLowCardinalityKeyValue("relay4j.outcome", "failed")
                        .hasLowCardinalityKeyValue("error.type", "rate_limited")
                        .hasLowCardinalityKeyValue("gen_ai.response.model", "none"))
                .hasAnObservation(o -> o.hasNameEqualTo("relay4j.attempt")
                        .hasLowCardinalityKeyValue("relay4j.provider", "openai")
                        .hasLowCardinalityKeyValue("relay4j.attempt.kind", "fallback")
                        .hasLowCardinalityKeyValue("relay4j.outcome", "success"))
                .hasObservationWithNameEqualTo("relay4j.request").that()
                .hasHighCardinalityKeyValue("relay4j.attempts", "2")
                .hasHighCardinalityKeyValue("gen_ai.usage.input_tokens", "200");
    }

    @Test
    void aHedgeRaceEndsWithTheLoserCancelledAndSkipsAreEventsOnTheRequest() {
        traffic.wonHedge(3).failedWith(4, ErrorType.TIMEOUT);

        assertThat(registry)
                .hasAnObservation(o -> o.hasNameEqualTo("relay4j.attempt")
                        .hasLowCardinalityKeyValue("relay4j.attempt.kind", "hedge")
                        .hasLowCardinalityKeyValue("relay4j.outcome", "success"))
                .hasAnObservation(o -> o.hasNameEqualTo("relay4j.attempt")
                        .hasLowCardinalityKeyValue("relay4j.provider", "openai")
                        .hasLowCardinalityKeyValue("relay4j.outcome", "cancelled"))
                .hasAnObservation(o -> o.hasNameEqualTo("relay4j.request")
                        .hasLowCardinalityKeyValue("relay4j.outcome", "failed")
                        .hasLowCardinalityKeyValue("error.type", "all_providers_failed")
                        .hasLowCardinalityKeyValue("relay4j.provider", "none"))
                .hasNumberOfObservationsWithNameEqualTo("relay4j.attempt", 3);
        assertThat(registry).hasHandledContextsThatSatisfy(contexts -> assertThat(contexts)
                .filteredOn(RequestObservationContext.class::isInstance)
                .map(RequestObservationContext.class::cast)
                .filteredOn(ctx -> ctx.requestId() == 4).singleElement()
                .satisfies(ctx -> assertThat(ctx.finished()).isPresent()));
    }

    @Test
    void attemptsStillOpenWhenTheirRequestEndsAreStoppedAsCancelled() {
        traffic.started(5, Operation.STREAM)
                .attemptStarted(5, Operation.STREAM, "openai", RouterTraffic.OPENAI, Attempt.Kind.PRIMARY)
                .finished(5, Operation.STREAM, Optional.empty(), Optional.of(ErrorType.STREAM_INTERRUPTED),
                        Duration.ofSeconds(1), Duration.ZERO, List.of());

        assertThat(registry).hasObservationWithNameEqualTo("relay4j.attempt").that()
                .hasBeenStopped().hasLowCardinalityKeyValue("relay4j.outcome", "cancelled");
        assertThat(listener.openRequests()).isZero();
        assertThat(registry).doesNotHaveAnyRemainingCurrentObservation();
    }

    @Test
    void atMostTheConfiguredNumberOfRequestsIsObservedAtOnce() {
        ObservationRouterListener bounded = ObservationRouterListener.builder(registry).maxOpenRequests(2).build();
        RouterTraffic burst = new RouterTraffic(bounded);

        burst.started(1, Operation.GENERATE).started(2, Operation.GENERATE).started(3, Operation.GENERATE);
        assertThat(bounded.openRequests()).isEqualTo(2);

        burst.finished(1, Operation.GENERATE, Optional.empty(), Optional.of(ErrorType.TIMEOUT), Duration.ZERO,
                Duration.ZERO, List.of());
        burst.finished(3, Operation.GENERATE, Optional.empty(), Optional.of(ErrorType.TIMEOUT), Duration.ZERO,
                Duration.ZERO, List.of());
        assertThat(bounded.openRequests()).isEqualTo(1);
        assertThat(registry).hasNumberOfObservationsWithNameEqualTo("relay4j.request", 2);
        assertThatThrownBy(() -> ObservationRouterListener.builder(registry).maxOpenRequests(0))
                .hasMessage("maxOpenRequests must be at least 1, was 0");
    }

    @Test
    void aCustomConventionReplacesTheDefaultKeys() {
        ObservationRouterListener custom = ObservationRouterListener.builder(registry)
                .attemptConvention(new DefaultAttemptObservationConvention() {
                    @Override
                    public KeyValues getLowCardinalityKeyValues(AttemptObservationContext context) {
                        return super.getLowCardinalityKeyValues(context).and(KeyValue.of("team", "search"));
                    }
                }).build();

        new RouterTraffic(custom).plainSuccess(1);

        assertThat(registry).hasObservationWithNameEqualTo("relay4j.attempt").that()
                .hasLowCardinalityKeyValue("team", "search")
                .hasLowCardinalityKeyValue("relay4j.provider", "openai");
    }

    @Test
    void observationsTurnedOffByAPredicateAreSkippedSafely() {
        registry.observationConfig().observationPredicate((name, context) -> !name.equals("relay4j.attempt"));

        traffic.wonHedge(3).started(5, Operation.STREAM)
                .attemptStarted(5, Operation.STREAM, "openai", RouterTraffic.OPENAI, Attempt.Kind.PRIMARY)
                .finished(5, Operation.STREAM, Optional.empty(), Optional.of(ErrorType.TIMEOUT), Duration.ZERO,
                        Duration.ZERO, List.of());

        assertThat(registry).hasNumberOfObservationsWithNameEqualTo("relay4j.request", 2)
                .hasNumberOfObservationsWithNameEqualTo("relay4j.attempt", 0);
        assertThat(listener.openRequests()).isZero();
    }

    @Test
    void noObservationCarriesPromptTextAndNoopRegistriesCostNothing() {
        traffic.typicalDay();

        assertThat(registry).hasHandledContextsThatSatisfy(contexts -> assertThat(contexts).hasSize(38)
                .allSatisfy(context -> assertThat(context.getAllKeyValues().stream().map(KeyValue::getValue))
                        .noneMatch(value -> value.contains("launch codes"))));
        ObservationRouterListener noop = ObservationRouterListener.builder(ObservationRegistry.NOOP).build();
        new RouterTraffic(noop).started(1, Operation.GENERATE);
        assertThat(noop.openRequests()).isZero();
    }

    @Test
    void theCallersObservationIsReadUnderMicrometersOwnContextKey() {
        assertThat(ObservationRouterListener.CALLER_OBSERVATION_KEY).isEqualTo(ObservationThreadLocalAccessor.KEY);
    }
}
