package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.Attempt.SkipReason;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.health.ProviderHealth;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Operating a running router: disable, enable, add and remove providers, read health; context-window skips. */
@BothRoutingPaths
class LlmRouterRuntimeControlTest extends VirtualTimeScenario {

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");

    @Test
    void disabledProviderIsSkippedUntilEnabled() {
        LlmRouter router = routerOf(a, b).build();

        router.disable("a");
        assertThat(router.health("a").state()).isEqualTo(HealthState.DISABLED);
        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::skipReason)
                        .containsExactly(tuple("a", Optional.of(SkipReason.DISABLED)), tuple("b", Optional.empty())))
                .verifyComplete();
        assertThat(a.calls()).isZero();

        router.enable("a");
        assertThat(router.health("a").state()).isEqualTo(HealthState.HEALTHY);
        answeredBy(router, "a");
    }

    @Test
    void disabledProvidersAreNotPanicTargets() {
        LlmRouter router = routerOf(a).build();
        router.disable("a");

        StepVerifier.create(router.generate(REQUEST))
                .expectErrorSatisfies(error -> assertThat(error).hasMessageContaining("a: skipped disabled"))
                .verify();
        assertThat(a.calls()).isZero();
    }

    @Test
    void addedProviderTakesTrafficAtLowestPriority() {
        a.otherwise(fail(Errors.banned()));
        LlmRouter router = routerOf(a).build();
        StepVerifier.create(router.generate(REQUEST)).expectError().verify();

        router.addProvider(b);

        assertThat(router.providerNames()).containsExactly("a", "b");
        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::outcome)
                        .containsExactly(tuple("a", Outcome.SKIPPED), tuple("b", Outcome.SUCCESS)))
                .verifyComplete();
    }

    @Test
    void addingADuplicateNameIsRefused() {
        LlmRouter router = routerOf(a).build();

        assertThatThrownBy(() -> router.addProvider(ScriptedProvider.named("a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a' is already on the router");
    }

    @Test
    void removedProviderGetsNoMoreRequests() {
        LlmRouter router = routerOf(a, b).build();

        router.removeProvider("a");

        answeredBy(router, "b");
        assertThat(a.calls()).isZero();
        assertThat(router.health()).extracting(ProviderHealth::provider).containsExactly("b");
    }

    @Test
    void theLastProviderCannotBeRemoved() {
        LlmRouter router = routerOf(a).build();

        assertThatThrownBy(() -> router.removeProvider("a"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("last provider");
    }

    @Test
    void unknownNamesAreRefusedWithTheKnownOnes() {
        LlmRouter router = routerOf(a, b).build();

        assertThatThrownBy(() -> router.disable("c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no provider named 'c'")
                .hasMessageContaining("[a, b]");
        assertThatThrownBy(() -> router.enable("c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> router.removeProvider("c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> router.health("c")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void healthListsEveryProviderInPriorityOrder() {
        a.then(fail(Errors.banned()));
        LlmRouter router = routerOf(a, b).build();
        answeredBy(router, "b");

        assertThat(router.health()).extracting(ProviderHealth::provider, ProviderHealth::state)
                .containsExactly(tuple("a", HealthState.COOLING_DOWN), tuple("b", HealthState.HEALTHY));
    }

    @Test
    void requestThatCannotFitTheContextWindowSkipsTheProviderWithoutACall() {
        ScriptedProvider small = ScriptedProvider.named("small",
                ProviderInfo.builder().vendor("scripted").model("small-model").contextWindowTokens(1000).build());
        LlmRouter router = routerOf(small, b).build();
        LlmRequest big = LlmRequest.builder().user("x".repeat(3600)).maxTokens(200).build();
        LlmRequest fits = LlmRequest.builder().user("x".repeat(3000)).maxTokens(200).build();

        StepVerifier.create(router.generate(big))
                .assertNext(answer -> assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::skipReason)
                        .containsExactly(tuple("small", Optional.of(SkipReason.CONTEXT_WINDOW)),
                                tuple("b", Optional.empty())))
                .verifyComplete();
        assertThat(small.calls()).isZero();
        assertThat(router.health("small").state()).isEqualTo(HealthState.HEALTHY);

        StepVerifier.create(router.generate(fits))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("small"))
                .verifyComplete();
    }

    private static void answeredBy(LlmRouter router, String provider) {
        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo(provider))
                .verifyComplete();
    }
}
