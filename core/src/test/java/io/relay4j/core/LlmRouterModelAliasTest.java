package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static io.relay4j.core.testing.ScriptedProvider.serving;
import static io.relay4j.core.testing.ScriptedProvider.streamThenFail;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.core.Attempt.Kind;
import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.Attempt.SkipReason;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.router.HedgingConfig;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.core.router.RoutingStrategy;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * A request's model: an alias ({@code "fast"}) goes to the providers that declare it, each asked for its own
 * model id, and fails over across vendors; a declared model id goes only to its declarers; the caller's request
 * object is never changed.
 */
@BothRoutingPaths
class LlmRouterModelAliasTest extends VirtualTimeScenario {

    private static final LlmRequest FAST = LlmRequest.builder().user("hi").model("fast").build();

    private final ScriptedProvider claude = ScriptedProvider.named("claude",
            ProviderInfo.of("anthropic", "claude-sonnet-4-5")).otherwise(serving("claude-haiku-4-5"));
    private final ScriptedProvider openai = ScriptedProvider.named("openai",
            ProviderInfo.of("openai", "gpt-4o")).otherwise(serving("gpt-4o-mini", "gpt-4.1"));
    private final ScriptedProvider local = ScriptedProvider.named("local",
            ProviderInfo.of("ollama", "llama3.1:8b")).otherwise(serving());

    private static ProviderOptions fast(String model) {
        return ProviderOptions.custom().alias("fast", model).alias("smart", "unused-" + model).build();
    }

    @Test
    void anAliasAsksEachProviderForItsOwnModelAndFailsOverAcrossVendors() {
        claude.then(fail(Errors.banned()));
        LlmRouter router = routerOf()
                .provider(claude, fast("claude-haiku-4-5"))
                .provider(openai, fast("gpt-4o-mini"))
                .build();

        StepVerifier.create(router.generate(FAST))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("openai");
                    assertThat(answer.model()).isEqualTo("gpt-4o-mini");
                    assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::detail)
                            .containsExactly(
                                    Tuple.tuple("claude", Optional.of("model claude-haiku-4-5 for alias fast")),
                                    Tuple.tuple("openai", Optional.of("model gpt-4o-mini for alias fast")));
                })
                .verifyComplete();

        assertThat(claude.requests()).extracting(LlmRequest::model).containsExactly(Optional.of("claude-haiku-4-5"));
        assertThat(openai.requests()).extracting(LlmRequest::model).containsExactly(Optional.of("gpt-4o-mini"));
        assertThat(FAST.model()).as("the caller's request is left as it is").contains("fast");
    }

    @Test
    void aRetryInPlaceAsksForTheMappedModelAgain() {
        claude.then(fail(Errors.serverError()));
        LlmRouter router = routerOf().provider(claude, fast("claude-haiku-4-5")).build();

        StepVerifier.create(router.generate(FAST))
                .then(() -> vts.advanceTimeBy(RouterTestKit.BACKOFF))
                .assertNext(answer -> assertThat(answer.attempts()).extracting(Attempt::kind)
                        .containsExactly(Kind.PRIMARY, Kind.RETRY))
                .verifyComplete();

        assertThat(claude.requests()).extracting(LlmRequest::model)
                .containsExactly(Optional.of("claude-haiku-4-5"), Optional.of("claude-haiku-4-5"));
    }

    @Test
    void providersWithoutTheAliasArePassedOverAsNotOffered() {
        claude.then(fail(Errors.banned()));
        LlmRouter router = routerOf()
                .provider(claude, fast("claude-haiku-4-5"))
                .provider(local)
                .provider(openai, fast("gpt-4o-mini"))
                .build();

        StepVerifier.create(router.generate(FAST))
                .assertNext(answer -> assertThat(answer.attempts())
                        .extracting(Attempt::provider, Attempt::outcome, Attempt::skipReason)
                        .containsExactly(Tuple.tuple("claude", Outcome.FAILED, Optional.empty()),
                                Tuple.tuple("local", Outcome.SKIPPED, Optional.of(SkipReason.MODEL_NOT_OFFERED)),
                                Tuple.tuple("openai", Outcome.SUCCESS, Optional.empty())))
                .verifyComplete();

        assertThat(local.calls()).isZero();
    }

    @Test
    void aDeclaredModelGoesOnlyToTheProvidersThatDeclareIt() {
        LlmRouter router = routerOf()
                .provider(claude)
                .provider(openai, ProviderOptions.custom().models("gpt-4.1").build())
                .build();

        StepVerifier.create(router.generate(LlmRequest.builder().user("hi").model("gpt-4.1").build()))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("openai");
                    assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::skipReason)
                            .containsExactly(Tuple.tuple("claude", Optional.of(SkipReason.MODEL_NOT_OFFERED)),
                                    Tuple.tuple("openai", Optional.empty()));
                })
                .verifyComplete();
        // a provider's configured model is declared too
        StepVerifier.create(router.generate(LlmRequest.builder().user("hi").model("claude-sonnet-4-5").build()))
                .assertNext(answer -> assertThat(answer.attempts()).extracting(Attempt::provider)
                        .containsExactly("claude"))
                .verifyComplete();

        assertThat(claude.requests()).extracting(LlmRequest::model).containsExactly(Optional.of("claude-sonnet-4-5"));
    }

    @Test
    void whenNoDeclarerCanTakeTheRequestItFailsListingEverySkip() {
        LlmRouter router = routerOf()
                .provider(claude)
                .provider(openai, ProviderOptions.custom().models("gpt-4.1").build())
                .build();
        router.disable("openai");

        StepVerifier.create(router.generate(LlmRequest.builder().user("hi").model("gpt-4.1").build()))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(AllProvidersFailed.class,
                        failed -> {
                            assertThat(failed.attempts()).extracting(Attempt::provider, Attempt::skipReason)
                                    .containsExactly(Tuple.tuple("claude", Optional.of(SkipReason.MODEL_NOT_OFFERED)),
                                            Tuple.tuple("openai", Optional.of(SkipReason.DISABLED)));
                            assertThat(failed).hasMessageContaining(
                                    "claude: skipped model_not_offered, openai: skipped disabled");
                        }))
                .verify();

        assertThat(claude.calls()).isZero();
    }

    @Test
    void aHedgeAsksItsProviderForThatProvidersModel() {
        claude.then(ScriptedProvider.hang());
        LlmRouter router = routerOf()
                .provider(claude, fast("claude-haiku-4-5"))
                .provider(openai, fast("gpt-4o-mini"))
                .hedging(HedgingConfig.custom().fixedDelay(Duration.ofSeconds(1)).budgetFraction(1.0).build())
                .build();

        StepVerifier.create(router.generate(FAST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(1)))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("openai");
                    assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::kind)
                            .contains(Tuple.tuple("openai", Kind.HEDGE));
                })
                .verifyComplete();

        assertThat(openai.requests()).extracting(LlmRequest::model).containsExactly(Optional.of("gpt-4o-mini"));
    }

    @Test
    void aStreamResumedOnTheNextVendorAsksItForItsOwnModel() {
        ScriptedProvider prefilling = ScriptedProvider.named("prefilling",
                ProviderInfo.builder().vendor("openai").model("gpt-4o").acceptsAssistantPrefill(true).build()).otherwise(serving("gpt-4o-mini"));
        claude.then(streamThenFail(StreamTestKit.STEP, Errors.serverError(), "Pod affinity", " lets"));
        LlmRouter router = routerOf()
                .provider(claude, fast("claude-haiku-4-5"))
                .provider(prefilling, fast("gpt-4o-mini"))
                .streaming(StreamConfig.custom().resume(true).build())
                .build();

        StepVerifier.withVirtualTime(() -> router.stream(FAST))
                .thenAwait(Duration.ofHours(1))
                .thenConsumeWhile(chunk -> true)
                .verifyComplete();

        assertThat(claude.requests()).extracting(LlmRequest::model).containsExactly(Optional.of("claude-haiku-4-5"));
        assertThat(prefilling.requests()).singleElement().satisfies(continuation -> {
            assertThat(continuation.model()).contains("gpt-4o-mini");
            assertThat(continuation.lastMessage()).isEqualTo(Message.assistant("Pod affinity lets"));
        });
    }

    @Test
    void lowestCostRanksAnAliasByTheModelEachProviderMapsItTo() {
        // configured: a is the cheap one; under "fast", b maps to the cheaper model
        ScriptedProvider a = ScriptedProvider.named("a", ProviderInfo.of("openai", "gpt-4o-mini"))
                .otherwise(serving("gpt-4o"));
        ScriptedProvider b = ScriptedProvider.named("b", ProviderInfo.of("anthropic", "claude-sonnet-4-5"))
                .otherwise(serving("claude-3-haiku"));
        LlmRouter router = routerOf()
                .provider(a, fast("gpt-4o"))
                .provider(b, fast("claude-3-haiku"))
                .strategy(RoutingStrategy.lowestCost())
                .build();

        StepVerifier.create(router.generate(LlmRequest.of("hi")))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("a"))
                .verifyComplete();
        StepVerifier.create(router.generate(FAST))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("b"))
                .verifyComplete();
    }

    @Test
    void theRequestModelTagIsTheMappedModelAndNeverAnUndeclaredCallerString() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ScriptedProvider mini = ScriptedProvider.named("openai", ProviderInfo.of("openai", "gpt-4o-mini"))
                .otherwise(serving("gpt-4o-2024-08-06"));
        LlmRouter router = routerOf()
                .provider(claude, fast("claude-haiku-4-5"))
                .provider(mini)
                .meterRegistry(meters)
                .build();

        StepVerifier.create(router.generate(FAST)).expectNextCount(1).verifyComplete();
        StepVerifier.create(router.generate(LlmRequest.builder().user("hi").model("typo-model-7").build()))
                .expectError(AllProvidersFailed.class)
                .verify();
        StepVerifier.create(router.generate(LlmRequest.builder().user("hi").model("gpt-4o-2024-08-06").build()))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("openai"))
                .verifyComplete();

        assertThat(tagValues(meters, "gen_ai.request.model"))
                .as("the alias's target, the priced model of a dated id, else the provider's configured model")
                .containsExactlyInAnyOrder("claude-haiku-4-5", "claude-sonnet-4-5", "gpt-4o-mini", "gpt-4o");
    }

    private static Set<String> tagValues(SimpleMeterRegistry meters, String tag) {
        List<Meter> all = meters.find("gen_ai.client.operation.duration").meters().stream().toList();
        return all.stream().map(Meter::getId).map(id -> id.getTag(tag)).collect(Collectors.toSet());
    }
}
