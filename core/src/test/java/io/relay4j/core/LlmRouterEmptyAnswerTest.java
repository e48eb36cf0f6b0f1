package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.error.EmptyAnswer;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.router.ErrorPolicy;
import io.relay4j.core.router.HedgingConfig;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Issue 12 item 11: a 200 answer with no text, no tool call and no refusal signal (an OpenAI-compatible gateway
 * was seen turning a refusal into {@code content: ""}, {@code finish_reason: "stop"}, 0 completion tokens)
 * reached the caller as a successful, empty answer. It is now an {@link EmptyAnswer} that falls over.
 */
class LlmRouterEmptyAnswerTest extends VirtualTimeScenario {

    private static final Usage BILLED_PROMPT = Usage.of(12, 0);

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");

    /** The gateway's answer: a last chunk with no text. */
    private static ScriptedProvider.Step emptyAnswer(FinishReason reason) {
        return (p, r) -> Flux.just(LlmChunk.last("", reason, BILLED_PROMPT, "gateway-model"));
    }

    private LlmRouter.Builder router(boolean hedged) {
        LlmRouter.Builder builder = routerOf(a, b).logging(false);
        return hedged ? builder.hedging(HedgingConfig.custom().fixedDelay(Duration.ofSeconds(1)).budgetFraction(1.0)
                .build())
                : builder;
    }

    @ParameterizedTest(name = "hedged={0}")
    @ValueSource(booleans = {false, true})
    void anEmptyAnswerFallsOverToTheNextProviderAndCountsAgainstTheFirst(boolean hedged) {
        a.then(emptyAnswer(FinishReason.STOP));
        LlmRouter router = router(hedged).build();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("b");
                    assertThat(answer.content()).isEqualTo("ok from b");
                    assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::outcome, Attempt::errorType)
                            .containsExactly(tuple("a", Outcome.FAILED, Optional.of(ErrorType.EMPTY_ANSWER)),
                                    tuple("b", Outcome.SUCCESS, Optional.empty()));
                    assertThat(answer.attempts().get(0).usage()).as("the vendor bills the prompt").isEqualTo(BILLED_PROMPT);
                })
                .verifyComplete();
        assertThat(a.calls()).as("not retried in place").isEqualTo(1);
        assertThat(router.health("a").state()).as("one empty answer is noise").isEqualTo(HealthState.HEALTHY);
        assertThat(router.health("a").consecutiveFailures()).isEqualTo(1);
        assertThat(router.health("a").lastError()).contains(ErrorType.EMPTY_ANSWER);
    }

    @Test
    void theEmptyProviderCoolsDownForTheShortBackoffNotForLong() {
        a.then(emptyAnswer(FinishReason.STOP));
        // once ejected (here at the first fault), for how long
        LlmRouter router = router(false).outliers(RouterTestKit.EJECT_AT_FIRST_FAULT).build();

        StepVerifier.create(router.generate(REQUEST)).expectNextCount(1).verifyComplete();

        assertThat(router.health("a").state()).isEqualTo(HealthState.COOLING_DOWN);
        vts.advanceTimeBy(Duration.ofSeconds(2));
        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.provider()).as("probed again after the 2 s backoff").isEqualTo("a"))
                .verifyComplete();
    }

    @Test
    void aLengthFinishWithoutTextIsEmptyToo() {
        a.then(emptyAnswer(FinishReason.LENGTH));

        StepVerifier.create(router(false).build().generate(REQUEST))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("b"))
                .verifyComplete();
    }

    @Test
    void aRefusalWithoutTextIsNotAnEmptyAnswer() {
        a.then(emptyAnswer(FinishReason.CONTENT_FILTER));

        StepVerifier.create(router(false).build().generate(REQUEST))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("a"))
                .verifyComplete();
    }

    @Test
    void whenEveryProviderAnswersEmptyTheCallerGetsAnErrorNeverAnEmptySuccess() {
        a.then(emptyAnswer(FinishReason.STOP));
        b.then(emptyAnswer(FinishReason.STOP));

        StepVerifier.create(router(false).build().generate(REQUEST))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(AllProvidersFailed.class,
                        all -> assertThat(all.attempts()).extracting(Attempt::errorType)
                                .containsOnly(Optional.of(ErrorType.EMPTY_ANSWER))))
                .verify();
    }

    @Test
    void itsPolicyIsConfigurableLikeAnyOther() {
        a.then(emptyAnswer(FinishReason.STOP));
        LlmRouter router = router(false)
                .errorPolicy(ErrorType.EMPTY_ANSWER, ErrorPolicy.of(ErrorPolicy.Action.FAIL_FAST, ErrorPolicy.Cooldown.NONE))
                .build();

        StepVerifier.create(router.generate(REQUEST))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(EmptyAnswer.class, empty -> {
                    assertThat(empty.provider()).isEqualTo("a");
                    assertThat(empty.finishReason()).isEqualTo(FinishReason.STOP);
                }))
                .verify();
        assertThat(b.calls()).isZero();
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
    }

    @ParameterizedTest(name = "hedged={0}")
    @ValueSource(booleans = {false, true})
    void aStreamThatFinishesWithoutAWordFallsOverBeforeItsCommitPoint(boolean hedged) {
        a.then(emptyAnswer(FinishReason.STOP));
        LlmRouter router = router(hedged).streaming(StreamConfig.ofDefaults()).build();

        StepVerifier.create(router.stream(REQUEST).map(LlmChunk::text))
                .expectNext("ok from b", "")
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(1);
    }

    @Test
    void aStreamOfEmptyTextChunksIsEmptyToo() {
        a.then((p, r) -> Flux.just(LlmChunk.text(""), LlmChunk.text(""), LlmChunk.last("", FinishReason.STOP,
                BILLED_PROMPT, "m")));
        b.then(emptyAnswer(FinishReason.STOP));

        StepVerifier.create(router(false).streaming(StreamConfig.ofDefaults()).build().stream(REQUEST))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(AllProvidersFailed.class,
                        all -> assertThat(all.attempts()).extracting(Attempt::errorType, Attempt::usage)
                                .containsExactly(tuple(Optional.of(ErrorType.EMPTY_ANSWER), BILLED_PROMPT),
                                        tuple(Optional.of(ErrorType.EMPTY_ANSWER), BILLED_PROMPT))))
                .verify();
    }
}
