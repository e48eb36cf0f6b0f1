package io.relay4j.core;

import static io.relay4j.core.AccountingTestKit.SCRIPTED_ANSWER_COST;
import static io.relay4j.core.AccountingTestKit.SCRIPTED_PRICES;
import static io.relay4j.core.AccountingTestKit.answer;
import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.metrics.RouterMeterNames;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Each attempt's cost and the answer's, from the pricing table: exact where the model is priced, absent where not. */
@BothRoutingPaths
class LlmRouterCostTest extends VirtualTimeScenario {

    private final ScriptedProvider openai = ScriptedProvider.named("openai", ProviderInfo.of("openai", "gpt-4o-mini"));

    @Test
    void answerOfAPricedModelCostsExactlyItsTokensAtTheDefaultListPrices() {
        // gpt-4o-mini: 0.15 USD per million input tokens (0.075 cached), 0.60 per million output tokens
        openai.then(answer("hi", Usage.builder().inputTokens(1000).outputTokens(500).cachedInputTokens(200)
                .build(), "gpt-4o-mini-2024-07-18"));
        LlmRouter router = routerOf(openai).build();

        BigDecimal expected = new BigDecimal("0.000435"); // 800 * 0.15 + 200 * 0.075 + 500 * 0.60, per million
        StepVerifier.create(router.generate(REQUEST))
                .assertNext(response -> {
                    assertThat(response.cost()).get().isEqualTo(expected);
                    assertThat(response.attempts()).singleElement()
                            .satisfies(attempt -> assertThat(attempt.cost()).get().isEqualTo(expected));
                })
                .verifyComplete();
    }

    @Test
    void theModelTheVendorReportsIsPricedRatherThanTheOneRequested() {
        openai.then(answer("hi", Usage.of(1_000_000, 0), "gpt-4o"));
        LlmRouter router = routerOf(openai).build();

        StepVerifier.create(router.generate(LlmRequest.builder().user("hi").model("gpt-4o-mini").build()))
                .assertNext(response -> assertThat(response.cost()).get().isEqualTo(new BigDecimal("2.5")))
                .verifyComplete();
    }

    @Test
    void theRequestedModelIsPricedWhenTheVendorNamesNone() {
        openai.then(answer("hi", Usage.of(1_000_000, 0), ""));
        LlmRouter router = routerOf(openai).build();

        StepVerifier.create(router.generate(LlmRequest.builder().user("hi").model("gpt-4o").build()))
                .assertNext(response -> assertThat(response.cost()).get().isEqualTo(new BigDecimal("2.5")))
                .verifyComplete();
    }

    @Test
    void anUnpricedModelHasNoCostRatherThanAGuessedOne() {
        openai.then(answer("hi", Usage.of(1000, 500), "gpt-4o-mini-custom-finetune"));
        LlmRouter router = routerOf(openai).build();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(response -> {
                    assertThat(response.cost()).isEmpty();
                    assertThat(response.attempts()).singleElement()
                            .satisfies(attempt -> assertThat(attempt.cost()).isEmpty());
                })
                .verifyComplete();
    }

    @Test
    void theAnswersCostIsTheServingAttemptsWhileEachAttemptKeepsItsOwn() {
        ScriptedProvider a = ScriptedProvider.named("a");
        ScriptedProvider b = ScriptedProvider.named("b");
        a.then(fail(Errors.banned()));
        LlmRouter router = routerOf(a, b).pricing(SCRIPTED_PRICES).build();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(response -> {
                    assertThat(response.provider()).isEqualTo("b");
                    assertThat(response.cost()).get().isEqualTo(SCRIPTED_ANSWER_COST);
                    assertThat(response.attempts()).extracting(Attempt::outcome, Attempt::cost)
                            .containsExactly(
                                    tuple(Outcome.FAILED, Optional.empty()),
                                    tuple(Outcome.SUCCESS,
                                            Optional.of(SCRIPTED_ANSWER_COST)));
                })
                .verifyComplete();
    }

    @Test
    void attemptFinishedEventsAndTheCostMeterCarryTheAttemptsCost() {
        RouterTestKit.Recorder recorder = new RouterTestKit.Recorder();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ScriptedProvider a = ScriptedProvider.named("a");
        LlmRouter router = routerOf(a).pricing(SCRIPTED_PRICES).listener(recorder).meterRegistry(registry).build();

        StepVerifier.create(router.generate(REQUEST)).expectNextCount(1).verifyComplete();
        StepVerifier.create(router.generate(REQUEST)).expectNextCount(1).verifyComplete();

        assertThat(recorder.of(RouterEvent.AttemptFinished.class))
                .extracting(finished -> finished.attempt().cost())
                .containsExactly(Optional.of(SCRIPTED_ANSWER_COST),
                        Optional.of(SCRIPTED_ANSWER_COST));
        assertThat(registry.get(RouterMeterNames.COST.getName()).counter().count())
                .isEqualTo(SCRIPTED_ANSWER_COST.doubleValue() * 2);
    }
}
