package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.BACKOFF;
import static io.relay4j.core.RouterTestKit.PROMPT;
import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.answerAfter;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static io.relay4j.core.testing.ScriptedProvider.failAfter;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Attempt.Kind;
import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.error.AuthenticationFailed;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.error.PolicyViolation;
import io.relay4j.core.error.ServerError;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Priority fallback within one subscription, and what the answer or the final error tells about it. */
@BothRoutingPaths
class LlmRouterFallbackTest extends VirtualTimeScenario {

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");
    private final ScriptedProvider c = ScriptedProvider.named("c");

    @Test
    void healthyPrimaryAnswersAlone() {
        LlmRouter router = routerOf(a, b).build();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> {
                    assertThat(answer.content()).isEqualTo("ok from a");
                    assertThat(answer.provider()).isEqualTo("a");
                    assertThat(answer.model()).isEqualTo("scripted-model");
                    assertThat(answer.cost()).isEmpty();
                    assertThat(answer.attempts()).singleElement().satisfies(attempt -> {
                        assertThat(attempt.provider()).isEqualTo("a");
                        assertThat(attempt.kind()).isEqualTo(Kind.PRIMARY);
                        assertThat(attempt.outcome()).isEqualTo(Outcome.SUCCESS);
                        assertThat(attempt.usage()).isEqualTo(Usage.of(10, 5));
                    });
                })
                .verifyComplete();
        assertThat(b.calls()).isZero();
    }

    @Test
    void bannedPrimaryFallsOverToSecondary() {
        a.then(fail(Errors.banned()));
        LlmRouter router = routerOf(a, b).build();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("b");
                    assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::kind, Attempt::outcome,
                                    Attempt::errorType)
                            .containsExactly(
                                    org.assertj.core.groups.Tuple.tuple("a", Kind.PRIMARY, Outcome.FAILED,
                                            Optional.of(ErrorType.POLICY_VIOLATION)),
                                    org.assertj.core.groups.Tuple.tuple("b", Kind.FALLBACK, Outcome.SUCCESS,
                                            Optional.empty()));
                    assertThat(answer.attempts().get(0).error()).get().isInstanceOf(PolicyViolation.class);
                })
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(1);
        assertThat(b.calls()).isEqualTo(1);
    }

    @Test
    void fallbackFollowsPriorityOrderAndMeasuresLatencyInVirtualTime() {
        a.then(failAfter(Duration.ofSeconds(1), Errors.banned()));
        b.then(failAfter(Duration.ofSeconds(2), Errors.unauthorized()));
        c.then(answerAfter(Duration.ofSeconds(3), "from c"));
        LlmRouter router = routerOf(a, b, c).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(6)))
                .assertNext(answer -> {
                    assertThat(answer.content()).isEqualTo("from c");
                    assertThat(answer.latency()).isEqualTo(Duration.ofSeconds(6));
                    assertThat(answer.attempts()).extracting(Attempt::provider).containsExactly("a", "b", "c");
                    assertThat(answer.attempts()).extracting(Attempt::latency)
                            .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
                    assertThat(answer.attempts()).extracting(Attempt::kind)
                            .containsExactly(Kind.PRIMARY, Kind.FALLBACK, Kind.FALLBACK);
                })
                .verifyComplete();
    }

    @Test
    void nothingIsCalledBeforeSubscriptionAndEachSubscriptionRoutesAnew() {
        LlmRouter router = routerOf(a).build();

        Mono<LlmResponse> answer = router.generate(REQUEST);
        assertThat(a.calls()).isZero();

        StepVerifier.create(answer).expectNextCount(1).verifyComplete();
        StepVerifier.create(answer).expectNextCount(1).verifyComplete();
        assertThat(a.calls()).isEqualTo(2);
    }

    @Test
    void whenEveryProviderFailsTheErrorHoldsEveryAttemptWithoutPromptText() {
        a.then(fail(Errors.banned()));
        b.then(fail(Errors.unauthorized()));
        LlmRouter router = routerOf(a, b).build();

        StepVerifier.create(router.generate(REQUEST))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(AllProvidersFailed.class)
                            .hasMessageContaining("a: policy_violation")
                            .hasMessageContaining("b: authentication_failed")
                            .hasMessageNotContaining(PROMPT);
                    AllProvidersFailed all = (AllProvidersFailed) error;
                    assertThat(all.attempts()).extracting(Attempt::provider).containsExactly("a", "b");
                    assertThat(all.getSuppressed()).hasSize(2);
                    assertThat(all.getSuppressed()[0]).isInstanceOf(PolicyViolation.class);
                    assertThat(all.getSuppressed()[1]).isInstanceOf(AuthenticationFailed.class);
                })
                .verify();
    }

    @Test
    void providerBugIsTreatedAsServerErrorAndNotLost() {
        IllegalStateException bug = new IllegalStateException("bug in a provider");
        a.otherwise((p, r) -> Flux.error(bug));
        LlmRouter router = routerOf(a, b).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(BACKOFF))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("b");
                    Attempt first = answer.attempts().get(0);
                    assertThat(first.errorType()).contains(ErrorType.SERVER_ERROR);
                    assertThat(first.error()).get().isInstanceOf(ServerError.class)
                            .satisfies(e -> assertThat(e.getCause()).isSameAs(bug))
                            .satisfies(e -> assertThat(e.getMessage()).contains("IllegalStateException")
                                    .doesNotContain("bug in a provider"));
                })
                .verifyComplete();
        assertThat(a.calls()).as("a server-side fault is retried once in place").isEqualTo(2);
    }

    @Test
    void providerThatThrowsInsteadOfReturningFallsOver() {
        LlmProvider throwing = RouterTestKit.provider("thrower", request -> {
            throw new UnsupportedOperationException("not wired");
        });
        LlmRouter router = routerOf(throwing, b).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(BACKOFF))
                .assertNext(answer -> assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::outcome)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("thrower", Outcome.FAILED),
                                org.assertj.core.groups.Tuple.tuple("thrower", Outcome.FAILED),
                                org.assertj.core.groups.Tuple.tuple("b", Outcome.SUCCESS)))
                .verifyComplete();
    }

    @Test
    void providerThatCompletesWithoutAnAnswerIsMalformedAndFallsOver() {
        LlmProvider empty = RouterTestKit.provider("empty", request -> Mono.empty());
        LlmRouter router = routerOf(empty, b).build();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("b");
                    assertThat(answer.attempts().get(0).error()).get().isInstanceOf(MalformedResponse.class);
                })
                .verifyComplete();
    }

    @Test
    void answerNamesTheRouterNameOfTheServingProvider() {
        LlmProvider renamed = RouterTestKit.provider("primary", request -> Mono.just(LlmResponse.builder().content("hi")
                .provider("vendor-internal-name").model("m-1").usage(Usage.of(1, 1)).latency(Duration.ZERO)
                .finishReason(FinishReason.STOP).build()));
        LlmRouter router = routerOf(renamed).build();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("primary");
                    assertThat(answer.model()).isEqualTo("m-1");
                    assertThat(answer.attempts()).extracting(Attempt::provider).isEqualTo(List.of("primary"));
                })
                .verifyComplete();
    }
}
