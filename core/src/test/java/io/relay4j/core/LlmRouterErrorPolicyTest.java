package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.BACKOFF;
import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Attempt.Kind;
import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.Overloaded;
import io.relay4j.core.error.PolicyViolation;
import io.relay4j.core.error.ServerError;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.health.ProviderHealth;
import io.relay4j.core.router.ErrorPolicy;
import io.relay4j.core.router.ErrorPolicy.Action;
import io.relay4j.core.router.ErrorPolicy.Cooldown;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Each error type's default policy, one scenario per type, and overriding a policy. */
@BothRoutingPaths
class LlmRouterErrorPolicyTest extends VirtualTimeScenario {

    private static final Duration LONG_COOLDOWN = Duration.ofMinutes(10);
    private static final Duration BASE_COOLDOWN = Duration.ofSeconds(2);

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");
    private LlmRouter router;

    @BeforeEach
    void setUp() {
        router = routerOf(a, b).build();
    }

    // ---- provider refuses us for long: fall over at once, long cooldown ----

    @Test
    void banFallsOverAtOnceAndCoolsDownForLong() {
        assertFallsOverAtOnceWithCooldown(Errors.banned(), ErrorType.POLICY_VIOLATION, LONG_COOLDOWN);
    }

    @Test
    void badKeyFallsOverAtOnceAndCoolsDownForLong() {
        assertFallsOverAtOnceWithCooldown(Errors.unauthorized(), ErrorType.AUTHENTICATION_FAILED, LONG_COOLDOWN);
    }

    @Test
    void spentQuotaFallsOverAtOnceAndCoolsDownForLong() {
        assertFallsOverAtOnceWithCooldown(Errors.quotaExhausted(), ErrorType.RATE_LIMITED, LONG_COOLDOWN);
    }

    @Test
    void missingModelFallsOverAtOnceAndCoolsDownForLong() {
        assertFallsOverAtOnceWithCooldown(RouterTestKit.modelNotFound(), ErrorType.MODEL_NOT_FOUND, LONG_COOLDOWN);
    }

    // ---- silent, broken or unreadable provider: fall over at once; noise, backoff cooldown once ejected ----

    @Test
    void timeoutFallsOverAtOnceWithoutRetryingTheSilentProvider() {
        assertNoiseFallsOverAtOnce(Errors.timeout(), ErrorType.TIMEOUT, BASE_COOLDOWN);
    }

    @Test
    void malformedResponseFallsOverAndCountsAgainstTheProvider() {
        assertNoiseFallsOverAtOnce(Errors.malformed(), ErrorType.MALFORMED_RESPONSE, BASE_COOLDOWN);
    }

    @Test
    void resetAfterResponseBytesFallsOverWithoutRetry() {
        assertNoiseFallsOverAtOnce(RouterTestKit.resetAfterResponse(), ErrorType.TRANSPORT_ERROR, BASE_COOLDOWN);
    }

    @Test
    void longRetryAfterFallsOverAndCoolsDownForExactlyThatLong() {
        assertFallsOverAtOnceWithCooldown(Errors.rateLimited(Duration.ofSeconds(7)), ErrorType.RATE_LIMITED,
                Duration.ofSeconds(7));
    }

    @Test
    void rateLimitWithoutRetryAfterFallsOverWithBackoffCooldown() {
        assertFallsOverAtOnceWithCooldown(Errors.rateLimitedNoHint(), ErrorType.RATE_LIMITED, BASE_COOLDOWN);
    }

    @Test
    void overloadWithALongRetryAfterFallsOverInsteadOfRetryingInPlace() {
        assertNoiseFallsOverAtOnce(p -> new Overloaded("overloaded",
                ErrorDetails.of(p).withStatus(503).withRetryAfter(Duration.ofSeconds(5))), ErrorType.OVERLOADED,
                Duration.ofSeconds(5));
    }

    @Test
    void overloadWithAShortRetryAfterWaitsThatLongBeforeItsRetryInPlace() {
        a.then(fail(p -> new Overloaded("overloaded", ErrorDetails.of(p).withStatus(503)
                .withRetryAfter(Duration.ofSeconds(1)))));

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(999)))
                .then(() -> assertThat(a.calls()).isEqualTo(1))
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(1)))
                .assertNext(answer -> assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::kind)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", Kind.PRIMARY),
                                org.assertj.core.groups.Tuple.tuple("a", Kind.RETRY)))
                .verifyComplete();
    }

    // ---- the request's fault, not the provider's ----

    @Test
    void contextTooLongFallsOverWithoutHurtingTheProvider() {
        a.then(fail(Errors.contextTooLong()));

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("b"))
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(1);
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void contextTooLongIsNeverResentToTheSameProvider() {
        a.then(fail(Errors.contextTooLong()));
        LlmRouter offersTwice = routerOf(a, b)
                .strategy((request, providers) -> List.of(providers.get(0), providers.get(0), providers.get(1)))
                .build();

        StepVerifier.create(offersTwice.generate(REQUEST))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("b");
                    assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::outcome, Attempt::skipReason)
                            .containsExactly(
                                    org.assertj.core.groups.Tuple.tuple("a", Outcome.FAILED, Optional.empty()),
                                    org.assertj.core.groups.Tuple.tuple("a", Outcome.SKIPPED,
                                            Optional.of(Attempt.SkipReason.NOT_RESENT)),
                                    org.assertj.core.groups.Tuple.tuple("b", Outcome.SUCCESS, Optional.empty()));
                })
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(1);
    }

    @Test
    void invalidOutputFallsOverWithoutHurtingTheProvider() {
        a.then(fail(RouterTestKit.invalidOutput()));

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("b"))
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(1);
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void contentFilteredFailsFastToTheCaller() {
        a.then(fail(Errors.contentFiltered()));

        StepVerifier.create(router.generate(REQUEST)).expectError(ContentFiltered.class).verify();
        assertThat(b.calls()).isZero();
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void contentFilteredFallsOverWhenOptedIn() {
        a.then(fail(Errors.contentFiltered()));
        LlmRouter optedIn = routerOf(a, b)
                .errorPolicy(ErrorType.CONTENT_FILTERED, ErrorPolicy.of(Action.FALL_OVER, Cooldown.NONE))
                .build();

        StepVerifier.create(optedIn.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("b"))
                .verifyComplete();
    }

    @Test
    void invalidRequestFailsFastToTheCaller() {
        a.then(fail(Errors.invalidRequest()));

        StepVerifier.create(router.generate(REQUEST)).expectError(InvalidRequest.class).verify();
        assertThat(a.calls()).isEqualTo(1);
        assertThat(b.calls()).isZero();
    }

    @Test
    void failFastErrorCarriesEarlierAttemptsErrorsAsSuppressed() {
        a.then(fail(Errors.banned()));
        b.then(fail(Errors.invalidRequest()));

        StepVerifier.create(router.generate(REQUEST))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(InvalidRequest.class);
                    assertThat(error.getSuppressed()).singleElement().isInstanceOf(PolicyViolation.class);
                })
                .verify();
    }

    // ---- brief faults stay on the provider: one retry in place, then fall over ----

    @Test
    void shortRetryAfterIsWaitedOutAndRetriedInPlace() {
        a.then(fail(Errors.rateLimited(Duration.ofMillis(1500))));

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(1499)))
                .then(() -> assertThat(a.calls()).as("still waiting out retry-after").isEqualTo(1))
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(1)))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("a");
                    assertThat(answer.attempts()).extracting(Attempt::kind, Attempt::outcome)
                            .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.PRIMARY, Outcome.FAILED),
                                    org.assertj.core.groups.Tuple.tuple(Kind.RETRY, Outcome.SUCCESS));
                })
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(2);
        assertThat(b.calls()).isZero();
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
    }

    @Test
    void shortRetryAfterTwiceFallsOverAndCoolsDownForTheLastRetryAfter() {
        a.then(fail(Errors.rateLimited(Duration.ofSeconds(1)))).then(fail(Errors.rateLimited(Duration.ofSeconds(1))));

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(1)))
                .assertNext(answer -> assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::kind)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("a", Kind.PRIMARY),
                                org.assertj.core.groups.Tuple.tuple("a", Kind.RETRY),
                                org.assertj.core.groups.Tuple.tuple("b", Kind.FALLBACK)))
                .verifyComplete();
        assertThat(router.health("a").cooldownRemaining()).contains(Duration.ofSeconds(1));
    }

    @Test
    void serverErrorIsRetriedOnceInPlaceAfterBackoff() {
        assertRetriedInPlaceOnce(Errors.serverError());
    }

    @Test
    void overloadIsRetriedOnceInPlaceAfterBackoff() {
        assertRetriedInPlaceOnce(Errors.overloaded());
    }

    @Test
    void resetBeforeResponseIsRetriedOnceInPlaceAfterBackoff() {
        assertRetriedInPlaceOnce(Errors.connectionReset());
    }

    @Test
    void persistentServerErrorFallsOverAfterOneRetryAndCountsBothCallsAsNoise() {
        a.otherwise(fail(Errors.serverError()));

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(BACKOFF))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("b"))
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(2);
        ProviderHealth health = router.health("a");
        assertThat(health.state()).as("two failures in a row are below the outlier thresholds")
                .isEqualTo(HealthState.HEALTHY);
        assertThat(health.consecutiveFailures()).isEqualTo(2);
        assertThat(health.lastError()).contains(ErrorType.SERVER_ERROR);
    }

    @Test
    void persistentServerErrorFallsOverAfterOneRetryAndCoolsDownWhenEveryFaultEjects() {
        a.otherwise(fail(Errors.serverError()));
        LlmRouter ejecting = routerOf(a, b).outliers(RouterTestKit.EJECT_AT_FIRST_FAULT).build();

        StepVerifier.create(ejecting.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(BACKOFF))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("b"))
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(2);
        ProviderHealth health = ejecting.health("a");
        assertThat(health.state()).isEqualTo(HealthState.COOLING_DOWN);
        // ejected at the first call's failure, BACKOFF before the end of the request
        assertThat(health.cooldownRemaining()).contains(BASE_COOLDOWN.minus(BACKOFF));
        assertThat(health.lastError()).contains(ErrorType.SERVER_ERROR);
    }

    @Test
    void overriddenPolicyFailsFastOnServerError() {
        a.then(fail(Errors.serverError()));
        LlmRouter strict = routerOf(a, b)
                .errorPolicy(ErrorType.SERVER_ERROR, ErrorPolicy.of(Action.FAIL_FAST, Cooldown.BACKOFF))
                .build();

        StepVerifier.create(strict.generate(REQUEST)).expectError(ServerError.class).verify();
        assertThat(b.calls()).isZero();
        assertThat(strict.health("a").state()).as("one server error is noise").isEqualTo(HealthState.HEALTHY);
        assertThat(strict.health("a").consecutiveFailures()).isEqualTo(1);
    }

    private void assertRetriedInPlaceOnce(Function<String, LlmException> error) {
        a.then(fail(error));

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(BACKOFF.minusMillis(1)))
                .then(() -> assertThat(a.calls()).as("still backing off").isEqualTo(1))
                .then(() -> vts.advanceTimeBy(Duration.ofMillis(1)))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("a");
                    assertThat(answer.attempts()).extracting(Attempt::kind).containsExactly(Kind.PRIMARY, Kind.RETRY);
                })
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(2);
        assertThat(b.calls()).isZero();
    }

    /**
     * Noise: the request falls over at once and the provider stays in, its failure counted; a router that ejects
     * at every fault cools it down for {@code cooldownOnceEjected}.
     */
    private void assertNoiseFallsOverAtOnce(Function<String, LlmException> error, ErrorType type,
                                            Duration cooldownOnceEjected) {
        a.then(fail(error));
        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("b"))
                .verifyComplete();
        assertThat(a.calls()).as("no retry in place").isEqualTo(1);
        ProviderHealth health = router.health("a");
        assertThat(health.state()).isEqualTo(HealthState.HEALTHY);
        assertThat(health.consecutiveFailures()).isEqualTo(1);
        assertThat(health.lastError()).contains(type);
        assertThat(health.windowFailureRate()).isEqualTo(1.0);

        assertFallsOverAtOnceWithCooldown(routerOf(a, b).outliers(RouterTestKit.EJECT_AT_FIRST_FAULT).build(), error,
                type, cooldownOnceEjected);
    }

    private void assertFallsOverAtOnceWithCooldown(Function<String, LlmException> error, ErrorType type,
                                                   Duration cooldown) {
        assertFallsOverAtOnceWithCooldown(router, error, type, cooldown);
    }

    private void assertFallsOverAtOnceWithCooldown(LlmRouter router, Function<String, LlmException> error,
                                                   ErrorType type, Duration cooldown) {
        int callsBefore = a.calls();
        a.then(fail(error));

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> {
                    assertThat(answer.provider()).isEqualTo("b");
                    assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::errorType)
                            .containsExactly(org.assertj.core.groups.Tuple.tuple("a", Optional.of(type)),
                                    org.assertj.core.groups.Tuple.tuple("b", Optional.empty()));
                })
                .verifyComplete();
        assertThat(a.calls() - callsBefore).as("no retry in place").isEqualTo(1);
        ProviderHealth health = router.health("a");
        assertThat(health.state()).isEqualTo(HealthState.COOLING_DOWN);
        assertThat(health.cooldownRemaining()).contains(cooldown);
        assertThat(health.consecutiveFailures()).isEqualTo(1);
        assertThat(health.lastError()).contains(type);
    }
}
