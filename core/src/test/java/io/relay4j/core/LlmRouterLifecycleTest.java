package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.BACKOFF;
import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.answerAfter;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static io.relay4j.core.testing.ScriptedProvider.streamOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The router owns its providers: closing it, or removing one, closes them once their calls in flight have
 * ended, without cutting those calls; a closed router takes no new request.
 */
class LlmRouterLifecycleTest extends VirtualTimeScenario {

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");

    @Test
    void closingTheRouterClosesEveryProviderOnceHoweverOftenItIsClosed() {
        LlmRouter router = routerOf(a, b).build();

        router.close();
        router.close();

        assertThat(a.closes()).isEqualTo(1);
        assertThat(b.closes()).isEqualTo(1);
    }

    @Test
    void aClosedRouterRefusesNewRequestsWithAnIllegalStateException() {
        LlmRouter router = routerOf(a).build();
        Mono<LlmResponse> assembledBefore = router.generate(REQUEST);
        Flux<LlmChunk> streamAssembledBefore = router.stream(REQUEST);

        router.close();

        assertThatThrownBy(() -> router.generate(REQUEST)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> router.stream(REQUEST)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> router.addProvider(b)).isInstanceOf(IllegalStateException.class);
        StepVerifier.create(assembledBefore).expectError(IllegalStateException.class).verify();
        StepVerifier.create(streamAssembledBefore).expectError(IllegalStateException.class).verify();
        assertThat(a.calls()).isZero();
        assertThat(b.closes()).as("a provider the closed router refused stays its owner's").isZero();
        assertThat(router.providerNames()).containsExactly("a");
    }

    @Test
    void removeProviderClosesItAtOnceWhenNothingIsInFlight() {
        LlmRouter router = routerOf(a, b).build();

        router.removeProvider("a");

        assertThat(a.closes()).isEqualTo(1);
        assertThat(b.closes()).isZero();
    }

    @Test
    void removeProviderLetsTheCallInFlightFinishThenClosesTheProvider() {
        a.then(answerAfter(Duration.ofSeconds(3), "slow but whole"));
        LlmRouter router = routerOf(a, b).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> assertThat(a.inFlight()).isEqualTo(1))
                .then(() -> router.removeProvider("a"))
                .then(() -> assertThat(a.closes()).as("not while its call is in flight").isZero())
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(3)))
                .assertNext(answer -> {
                    assertThat(answer.content()).isEqualTo("slow but whole");
                    assertThat(answer.provider()).isEqualTo("a");
                })
                .verifyComplete();

        assertThat(a.cancellations()).as("the call was not cut").isZero();
        assertThat(a.closes()).isEqualTo(1);
        assertThat(b.closes()).isZero();
        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("b"))
                .verifyComplete();
        assertThat(a.calls()).isEqualTo(1);
    }

    @Test
    void removeProviderLetsAStreamInFlightFinishThenClosesTheProvider() {
        a.then(streamOf(Duration.ofSeconds(1), "one ", "two ", "three"));
        LlmRouter router = routerOf(a, b).build();

        StepVerifier.create(router.stream(REQUEST).map(LlmChunk::text))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(1)))
                .expectNext("one ")
                .then(() -> router.removeProvider("a"))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(5)))
                .expectNext("two ", "three", "")
                .verifyComplete();

        assertThat(a.cancellations()).isZero();
        assertThat(a.closes()).isEqualTo(1);
    }

    @Test
    void aProviderRemovedWhileARetryWaitsGetsNoRetryAndTheRequestFallsOver() {
        a.then(fail(Errors.serverError()));
        LlmRouter router = routerOf(a, b).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> assertThat(a.calls()).isEqualTo(1))
                .then(() -> router.removeProvider("a"))
                .then(() -> vts.advanceTimeBy(BACKOFF))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("b"))
                .verifyComplete();

        assertThat(a.calls()).as("no retry to the removed provider").isEqualTo(1);
        assertThat(a.closes()).isEqualTo(1);
    }

    @Test
    void closingTheRouterWithACallInFlightClosesItsProviderWhenTheCallEnds() {
        a.then(answerAfter(Duration.ofSeconds(2), "finished"));
        LlmRouter router = routerOf(a, b).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(router::close)
                .then(() -> assertThat(a.closes()).isZero())
                .then(() -> assertThat(b.closes()).as("nothing in flight on it").isEqualTo(1))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(2)))
                .assertNext(answer -> assertThat(answer.content()).isEqualTo("finished"))
                .verifyComplete();

        assertThat(a.closes()).isEqualTo(1);
    }

    @Test
    void aProviderThatFailsToCloseDoesNotKeepTheOthersOpen() {
        LlmProvider failing = new LlmProvider() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public Mono<LlmResponse> generate(LlmRequest request) {
                return Mono.never();
            }

            @Override
            public Flux<LlmChunk> stream(LlmRequest request) {
                return Flux.never();
            }

            @Override
            public void close() {
                throw new IllegalStateException("cannot close");
            }
        };
        LlmRouter router = routerOf(failing, b).build();

        router.close();

        assertThat(b.closes()).isEqualTo(1);
    }
}
