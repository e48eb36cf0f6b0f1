package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.relay4j.core.testing.ScriptedProvider;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * A server that reports a new model id on every call (an OpenAI-compatible gateway, vLLM with LoRA adapter
 * names, a proxy) must not grow the meters: the response model tag and the cost's model tag take the priced or
 * the configured model, never the reported string. Before, each reported id made new meters.
 */
class ReportedModelMeterCardinalityRegressionTest extends VirtualTimeScenario {

    private static final int CALLS = 40;

    private final Random random = new Random(12);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ObservationRegistry observations = ObservationRegistry.create();

    @Test
    void aNewReportedModelIdPerCallKeepsTheNumberOfMetersBounded() {
        // the observations' low-cardinality keys become meter tags too
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
        ScriptedProvider provider = ScriptedProvider.named("gateway", ProviderInfo.of("openai", "gpt-4o-mini"))
                .otherwise((p, request) -> Flux.just(LlmChunk.text("hi"),
                        LlmChunk.last("", FinishReason.STOP, Usage.of(10, 5), reportedModel())));
        LlmRouter router = routerOf(provider).meterRegistry(meters).observationRegistry(observations).build();

        call(router, CALLS / 2);
        int metersAfterHalf = meters.getMeters().size();
        call(router, CALLS / 2);

        assertThat(meters.getMeters()).hasSize(metersAfterHalf);
        assertThat(tagValues("gen_ai.client.operation.duration", "gen_ai.response.model"))
                .containsExactly("gpt-4o-mini");
        assertThat(tagValues("relay4j.cost", "model")).as("only priced (dated) ids cost, priced as their model")
                .containsExactly("gpt-4o-mini");
        assertThat(tagValues("relay4j.attempt", "gen_ai.response.model")).containsExactly("gpt-4o-mini");
    }

    /** Half dated snapshots the pricing table prices as gpt-4o-mini, half names nobody knows. */
    private String reportedModel() {
        return random.nextBoolean() ? String.format("gpt-4o-mini-%08d", random.nextInt(100_000_000))
                : "lora-adapter-" + Long.toHexString(random.nextLong());
    }

    private void call(LlmRouter router, int times) {
        for (int i = 0; i < times; i++) {
            StepVerifier.create(router.generate(REQUEST)).expectNextCount(1).verifyComplete();
        }
    }

    private Set<String> tagValues(String meter, String tag) {
        return meters.find(meter).meters().stream().map(Meter::getId).map(id -> id.getTag(tag))
                .collect(Collectors.toSet());
    }
}
