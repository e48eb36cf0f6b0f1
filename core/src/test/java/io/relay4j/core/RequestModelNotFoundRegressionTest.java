package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.serving;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Attempt.Kind;
import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.ModelNotFound;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.health.ProviderHealth;
import io.relay4j.core.router.ErrorPolicy;
import io.relay4j.core.router.ErrorPolicy.Action;
import io.relay4j.core.router.ErrorPolicy.Cooldown;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Review finding 3 (2026-11-30): one caller's {@code model("gpt-4o")} went to every vendor, each answered 404,
 * and {@code ModelNotFound}'s long cooldown took Anthropic and Gemini out of rotation for everyone for ten
 * minutes. A model no provider declares is the request's fault: it falls over, and no provider's health moves.
 */
@BothRoutingPaths
class RequestModelNotFoundRegressionTest extends VirtualTimeScenario {

    private final ScriptedProvider anthropic = ScriptedProvider.named("anthropic",
            ProviderInfo.of("anthropic", "claude-sonnet-4-5")).otherwise(serving());
    private final ScriptedProvider gemini = ScriptedProvider.named("gemini",
            ProviderInfo.of("gcp.gemini", "gemini-2.5-flash")).otherwise(serving());

    @Test
    void aRequestNamingAnotherVendorsModelCoolsNoProviderDown() {
        LlmRouter router = routerOf(anthropic, gemini).build();

        StepVerifier.create(router.generate(LlmRequest.builder().user("hi").model("gpt-4o").build()))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(AllProvidersFailed.class,
                        failed -> assertThat(failed.attempts()).extracting(Attempt::provider, Attempt::errorType)
                                .containsExactly(Tuple.tuple("anthropic", Optional.of(ErrorType.MODEL_NOT_FOUND)),
                                        Tuple.tuple("gemini", Optional.of(ErrorType.MODEL_NOT_FOUND)))))
                .verify();

        assertUntouched(router.health("anthropic"));
        assertUntouched(router.health("gemini"));
        StepVerifier.create(router.generate(LlmRequest.of("hi")))
                .assertNext(answer -> assertThat(answer.attempts())
                        .extracting(Attempt::provider, Attempt::kind, Attempt::outcome)
                        .as("served at once by the first provider, which nothing cooled down")
                        .containsExactly(Tuple.tuple("anthropic", Kind.PRIMARY, Outcome.SUCCESS)))
                .verifyComplete();
    }

    @Test
    void anUndeclaredModelFallsOverToAProviderThatKnowsItWithoutRetryingOrHurtingTheFirst() {
        ScriptedProvider openai = ScriptedProvider.named("openai", ProviderInfo.of("openai", "gpt-4o-mini"))
                .otherwise(serving("gpt-4o"));
        // even a policy that would retry in place does not resend a model the provider said it lacks
        LlmRouter router = routerOf(anthropic, openai)
                .errorPolicy(ErrorType.MODEL_NOT_FOUND, ErrorPolicy.of(Action.RETRY_THEN_FALL_OVER, Cooldown.LONG))
                .build();

        StepVerifier.create(router.generate(LlmRequest.builder().user("hi").model("gpt-4o").build()))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("openai");
                    assertThat(answer.model()).isEqualTo("gpt-4o");
                    assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::errorType)
                            .containsExactly(Tuple.tuple("anthropic", Optional.of(ErrorType.MODEL_NOT_FOUND)),
                                    Tuple.tuple("openai", Optional.empty()));
                })
                .verifyComplete();

        assertThat(anthropic.calls()).as("not resent to the provider that lacks the model").isEqualTo(1);
        assertUntouched(router.health("anthropic"));
    }

    @Test
    void aMissingConfiguredModelIsStillTheProvidersFaultAndCoolsItDownForLong() {
        ScriptedProvider misconfigured = ScriptedProvider.named("anthropic",
                ProviderInfo.of("anthropic", "claude-sonnet-4-5")).otherwise(ScriptedProvider.fail(
                RouterTestKit.modelNotFound()));
        LlmRouter router = routerOf(misconfigured, gemini).build();

        StepVerifier.create(router.generate(LlmRequest.of("hi")))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("gemini"))
                .verifyComplete();

        ProviderHealth health = router.health("anthropic");
        assertThat(health.state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(health.cooldownRemaining()).contains(Duration.ofMinutes(10));
        assertThat(health.lastError()).contains(ErrorType.MODEL_NOT_FOUND);
    }

    @Test
    void aDeclaredModelTheVendorLacksIsTheProvidersFault() {
        // the provider's options promise a model its vendor does not serve: its configuration is wrong
        LlmRouter router = routerOf()
                .provider(anthropic, ProviderOptions.custom().alias("fast", "claude-haiku-9").build())
                .provider(gemini, ProviderOptions.custom().alias("fast", "gemini-2.5-flash").build())
                .build();

        StepVerifier.create(router.generate(LlmRequest.builder().user("hi").model("fast").build()))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("gemini"))
                .verifyComplete();

        assertThat(router.health("anthropic").state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(router.health("anthropic").lastError()).contains(ErrorType.MODEL_NOT_FOUND);
    }

    @Test
    void aFailFastPolicyEndsTheRequestOnAnUndeclaredModelButLeavesTheProviderAlone() {
        LlmRouter router = routerOf(anthropic, gemini)
                .errorPolicy(ErrorType.MODEL_NOT_FOUND, ErrorPolicy.of(Action.FAIL_FAST, Cooldown.LONG))
                .build();

        StepVerifier.create(router.generate(LlmRequest.builder().user("hi").model("gpt-4o").build()))
                .expectError(ModelNotFound.class)
                .verify();

        assertThat(gemini.calls()).isZero();
        assertUntouched(router.health("anthropic"));
    }

    private static void assertUntouched(ProviderHealth health) {
        assertThat(health.state()).isEqualTo(HealthState.HEALTHY);
        assertThat(health.consecutiveFailures()).isZero();
        assertThat(health.cooldownRemaining()).isEmpty();
    }
}
