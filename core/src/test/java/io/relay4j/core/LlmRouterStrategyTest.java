package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.answerAfter;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static io.relay4j.core.testing.ScriptedProvider.hang;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.relay4j.core.Attempt.Kind;
import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.cost.PricingTable;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.core.router.RoutingStrategy;
import io.relay4j.core.internal.router.OrderingStrategy;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Each built-in strategy through the router: who answers first, and where the request falls over. */
@BothRoutingPaths
class LlmRouterStrategyTest extends RoutingPathScenario {

    private VirtualTimeScheduler vts;
    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");
    private final ScriptedProvider c = ScriptedProvider.named("c");

    @BeforeEach
    void virtualTime() {
        vts = VirtualTimeScheduler.getOrSet();
    }

    @AfterEach
    void realTime() {
        VirtualTimeScheduler.reset();
    }

    @Test
    void roundRobinStartsEachRequestOnTheNextProvider() {
        LlmRouter router = routerOf(a, b, c).strategy(RoutingStrategy.roundRobin()).build();

        assertThat(servedBy(router, 6)).containsExactly("a", "b", "c", "a", "b", "c");
    }

    @Test
    void roundRobinFallsOverAlongTheRing() {
        c.then(fail(Errors.banned()));
        LlmRouter router = routerOf(a, b, c).strategy(RoutingStrategy.roundRobin()).build();
        servedBy(router, 2);

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::kind)
                        .containsExactly(tuple("c", Kind.PRIMARY), tuple("a", Kind.FALLBACK)))
                .verifyComplete();
    }

    @Test
    void weightedRandomSplitsTrafficAsTheProvidersOptionsWeigh() {
        SplittableRandom seeded = new SplittableRandom(11);
        LlmRouter router = routerOf().provider(a, weight(3)).provider(b, weight(1)).provider(c, weight(0))
                .strategy(seededWeightedRandom(seeded)).build();

        Map<String, Integer> served = new TreeMap<>();
        servedBy(router, 2_000).forEach(name -> served.merge(name, 1, Integer::sum));

        assertThat(served.get("a")).isBetween(1_420, 1_580);
        assertThat(served.get("b")).isBetween(420, 580);
        assertThat(served).doesNotContainKey("c");
    }

    @Test
    void weightedRandomGivesAProviderAddedAtRunTimeTheShareOfItsWeight() {
        SplittableRandom seeded = new SplittableRandom(7);
        LlmRouter router = routerOf(a).strategy(seededWeightedRandom(seeded)).build();
        router.addProvider(b, weight(3));

        Map<String, Integer> served = new TreeMap<>();
        servedBy(router, 2_000).forEach(name -> served.merge(name, 1, Integer::sum));

        assertThat(served.get("b")).isBetween(1_420, 1_580);
        assertThat(served.get("a")).isBetween(420, 580);
    }

    @Test
    void weightedRandomWeighsProvidersWithoutAWeightAsOne() {
        SplittableRandom seeded = new SplittableRandom(3);
        LlmRouter router = routerOf(a, b).strategy(seededWeightedRandom(seeded)).build();

        Map<String, Integer> served = new TreeMap<>();
        servedBy(router, 2_000).forEach(name -> served.merge(name, 1, Integer::sum));

        assertThat(served.get("a")).isBetween(920, 1_080);
        assertThat(served.get("b")).isBetween(920, 1_080);
    }

    @Test
    void weightedRandomFallsOverToTheOtherWeightedProviderThenToTheWeightZero() {
        a.otherwise(fail(Errors.banned()));
        b.otherwise(fail(Errors.banned()));
        LlmRouter router = routerOf().provider(c, weight(0)).provider(a, weight(1)).provider(b, weight(1000))
                .strategy(seededWeightedRandom(new SplittableRandom(5))).build();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::kind)
                        .containsExactly(tuple("b", Kind.PRIMARY), tuple("a", Kind.FALLBACK),
                                tuple("c", Kind.FALLBACK)))
                .verifyComplete();
    }

    private static ProviderOptions weight(double weight) {
        return ProviderOptions.custom().weight(weight).build();
    }

    private static RoutingStrategy seededWeightedRandom(SplittableRandom seeded) {
        return ((OrderingStrategy) RoutingStrategy.weightedRandom()).withRandom(() -> seeded);
    }

    @Test
    void leastLatencyMovesTrafficToTheFasterProvider() {
        a.otherwise(answerAfter(Duration.ofMillis(400), "a"));
        b.otherwise(answerAfter(Duration.ofMillis(100), "b"));
        LlmRouter router = routerOf(a, b).strategy(RoutingStrategy.leastLatency()).build();

        // neither is measured at first, so priority order applies until each has an average
        assertThat(servedByAfter(router, 1, Duration.ofMillis(400))).containsExactly("a");
        b.then(answerAfter(Duration.ofMillis(100), "b"));
        router.disable("a");
        assertThat(servedByAfter(router, 1, Duration.ofMillis(100))).containsExactly("b");
        router.enable("a");

        assertThat(servedByAfter(router, 3, Duration.ofMillis(400))).containsExactly("b", "b", "b");
    }

    @Test
    void leastInFlightSendsTheNextRequestToTheIdleProvider() {
        a.then(hang());
        LlmRouter router = routerOf(a, b).strategy(RoutingStrategy.leastInFlight()).build();
        Disposable busyOnA = router.generate(REQUEST).subscribe();

        assertThat(servedBy(router, 1)).containsExactly("b");
        busyOnA.dispose();
        assertThat(servedBy(router, 1)).containsExactly("a");
    }

    @Test
    void lowestCostTriesTheCheapestModelInTheRoutersPriceTableFirstThenTheNextCheapest() {
        ScriptedProvider opus = ScriptedProvider.named("opus", ProviderInfo.of("anthropic", "claude-opus-4-1"));
        ScriptedProvider gpt4o = ScriptedProvider.named("gpt4o", ProviderInfo.of("openai", "gpt-4o"));
        ScriptedProvider mini = ScriptedProvider.named("mini", ProviderInfo.of("openai", "gpt-4o-mini"));
        mini.then(fail(Errors.banned()));
        LlmRouter router = routerOf(opus, gpt4o, mini).strategy(RoutingStrategy.lowestCost()).build();

        // the answer is priced from the same table: 10 input and 5 output tokens of gpt-4o at 2.50 and 10.00
        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> {
                    assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::kind, Attempt::outcome)
                            .containsExactly(tuple("mini", Kind.PRIMARY, Outcome.FAILED),
                                    tuple("gpt4o", Kind.FALLBACK, Outcome.SUCCESS));
                    assertThat(answer.cost()).contains(new BigDecimal("0.000075"));
                })
                .verifyComplete();
    }

    @Test
    void lowestCostRanksAModelPricedInTheRoutersOwnTable() {
        ScriptedProvider mini = ScriptedProvider.named("mini", ProviderInfo.of("openai", "gpt-4o-mini"));
        ScriptedProvider local = ScriptedProvider.named("local", ProviderInfo.of("ollama", "llama3.1:8b"));
        PricingTable withLocal = PricingTable.builder().defaults()
                .price("ollama", "llama3.1:8b", BigDecimal.ZERO, BigDecimal.ZERO).build();

        assertThat(servedBy(routerOf(mini, local).strategy(RoutingStrategy.lowestCost()).build(), 1))
                .containsExactly("mini");
        assertThat(servedBy(routerOf(mini, local).strategy(RoutingStrategy.lowestCost()).pricing(withLocal).build(),
                1)).containsExactly("local");
    }

    @Test
    void misconfiguredStrategiesAreRejectedAtBuild() {
        assertThatThrownBy(() -> routerOf(a, b).strategy(RoutingStrategy.lowestCost()).build())
                .hasMessageContaining("lowestCost strategy ranks providers by the router's pricing table")
                .hasMessageContaining("prices none of their models [scripted/scripted-model, scripted/scripted-model]");
        assertThatThrownBy(() -> RoutingStrategy.leastLatency().order(REQUEST, List.of(a)))
                .hasMessageContaining("only on a router");
    }

    private List<String> servedBy(LlmRouter router, int requests) {
        return servedByAfter(router, requests, Duration.ZERO);
    }

    private List<String> servedByAfter(LlmRouter router, int requests, Duration wait) {
        List<String> served = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            StepVerifier.create(router.generate(REQUEST))
                    .then(() -> vts.advanceTimeBy(wait))
                    .assertNext(answer -> served.add(answer.provider()))
                    .verifyComplete();
        }
        return served;
    }
}
