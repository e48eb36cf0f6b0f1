package io.relay4j.core.internal.strategy;

import static io.relay4j.core.internal.strategy.Candidates.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.cost.PricingTable;
import io.relay4j.core.testing.ScriptedProvider;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Ranking by the shipped price table (snapshot of 2026-11-01), in US dollars per million tokens. */
class LowestCostOrderTest {

    private static final PricingTable PRICES = PricingTable.defaults();
    private static final LlmRequest QUESTION = LlmRequest.of("Explain pod affinity in one sentence.");

    private final ProviderStatsRegistry stats = ProviderStatsRegistry.withDefaults();
    private final SplittableRandom random = new SplittableRandom(1);

    @Test
    void cheapestModelFirstThenTheNextCheapestAndUnpricedModelsLastInPriorityOrder() {
        // 3:1 blend, per 4 tokens: sonnet 3*3+15 = 24, gpt-4o 3*2.5+10 = 17.5, flash 3*0.3+2.5 = 3.4,
        // gpt-4o-mini 3*0.15+0.6 = 1.05
        List<LlmProvider> candidates = List.of(provider("local", "ollama", "llama3.1:8b"),
                provider("sonnet", "anthropic", "claude-sonnet-4-5"), provider("gpt4o", "openai", "gpt-4o"),
                provider("vllm", "vllm", "qwen2.5"), provider("flash", "gcp.gemini", "gemini-2.5-flash"),
                provider("mini", "openai", "gpt-4o-mini"));

        assertThat(names(order(PRICES, QUESTION, candidates)))
                .containsExactly("mini", "flash", "gpt4o", "sonnet", "local", "vllm");
    }

    @Test
    void aDatedModelIdCostsAsItsUndatedEntryAndEqualPricesKeepPriorityOrder() {
        List<LlmProvider> candidates = List.of(provider("sonnet-4-5", "anthropic", "claude-sonnet-4-5"),
                provider("dated-mini", "openai", "gpt-4o-mini-2024-07-18"), provider("sonnet-4", "anthropic",
                        "claude-sonnet-4"), provider("mini", "openai", "gpt-4o-mini"));

        assertThat(names(order(PRICES, QUESTION, candidates)))
                .containsExactly("dated-mini", "mini", "sonnet-4-5", "sonnet-4");
    }

    @Test
    void withoutMaxTokensTheTypicalThreeToOneBlendDecides() {
        // gpt-4.1-mini 0.40/1.60 blends to 2.8, gemini-2.5-flash 0.30/2.50 to 3.4: cheaper to read, dearer to write
        assertThat(names(order(PRICES, QUESTION, flashAndGpt41Mini()))).containsExactly("gpt41mini", "flash");
    }

    @Test
    void aLongDocumentWithAShortAnswerRanksByInputPrice() {
        LlmRequest summary = LlmRequest.builder().user("x".repeat(40_000)).maxTokens(10).build();

        // 10,000 input tokens and at most 10 output: flash 3000 + 25, gpt-4.1-mini 4000 + 16
        assertThat(names(order(PRICES, summary, flashAndGpt41Mini()))).containsExactly("flash", "gpt41mini");
    }

    @Test
    void aShortQuestionAllowingALongAnswerRanksByOutputPrice() {
        // gpt-5-mini 0.25/2.00 blends to 2.75, just under gpt-4.1-mini's 2.8, but writes dearer
        List<LlmProvider> candidates = List.of(provider("gpt5mini", "openai", "gpt-5-mini"),
                provider("gpt41mini", "openai", "gpt-4.1-mini"));
        LlmRequest essay = LlmRequest.builder().user("Write an essay on failover.").maxTokens(4_000).build();

        assertThat(names(order(PRICES, QUESTION, candidates))).containsExactly("gpt5mini", "gpt41mini");
        assertThat(names(order(PRICES, essay, candidates))).containsExactly("gpt41mini", "gpt5mini");
    }

    @Test
    void theModelTheRequestNamesIsPricedAtEachProvidersVendor() {
        List<LlmProvider> candidates = List.of(provider("gpt4o", "openai", "gpt-4o"),
                provider("haiku", "anthropic", "claude-3-haiku"));
        assertThat(names(order(PRICES, QUESTION, candidates))).containsExactly("haiku", "gpt4o");

        // anthropic has no gpt-4o-mini, so that provider's price becomes unknown and it goes last
        LlmRequest asksForMini = QUESTION.toBuilder().model("gpt-4o-mini").build();
        assertThat(names(order(PRICES, asksForMini, candidates))).containsExactly("gpt4o", "haiku");
    }

    @Test
    void anAliasIsPricedAtTheModelEachProviderMapsItTo() {
        List<LlmProvider> candidates = List.of(provider("sonnet", "anthropic", "claude-sonnet-4-5"),
                provider("gpt4o", "openai", "gpt-4o"));
        LlmRequest fast = QUESTION.toBuilder().model("fast").build();
        Map<String, String> fastModels = Map.of("gpt4o", "gpt-4o-mini", "sonnet", "claude-haiku-4-5");

        List<LlmProvider> ordered = new LowestCostOrder(PRICES).order(fast, candidates, stats, random,
                provider -> Optional.ofNullable(fastModels.get(provider.name())));

        assertThat(names(ordered)).containsExactly("gpt4o", "sonnet");
        assertThat(names(order(PRICES, fast, candidates)))
                .as("without the mapping the alias is priced nowhere: priority order")
                .containsExactly("sonnet", "gpt4o");
    }

    @Test
    void aSelfHostedModelPricedInTheTableRanksByThatPrice() {
        PricingTable withLocal = PricingTable.builder().defaults()
                .price("ollama", "llama3.1:8b", BigDecimal.ZERO, BigDecimal.ZERO).build();
        List<LlmProvider> candidates = List.of(provider("mini", "openai", "gpt-4o-mini"),
                provider("local", "ollama", "llama3.1:8b"));

        assertThat(names(order(PRICES, QUESTION, candidates))).containsExactly("mini", "local");
        assertThat(names(order(withLocal, QUESTION, candidates))).containsExactly("local", "mini");
    }

    @Test
    void aRouterWhoseTablePricesNoneOfItsModelsIsRefused() {
        List<LlmProvider> unpriced = List.of(provider("local", "ollama", "llama3.1:8b"),
                provider("vllm", "vllm", "qwen2.5"));

        assertThatThrownBy(() -> LowestCostOrder.forProviders(PRICES, unpriced))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prices none of their models [ollama/llama3.1:8b, vllm/qwen2.5]")
                .hasMessageContaining("pricing(PricingTable.builder().defaults().price(");
        assertThat(LowestCostOrder.forProviders(PRICES,
                List.of(unpriced.get(0), provider("mini", "openai", "gpt-4o-mini")))).isNotNull();
    }

    private List<LlmProvider> order(PricingTable table, LlmRequest request, List<LlmProvider> candidates) {
        return new LowestCostOrder(table).order(request, candidates, stats, random);
    }

    private static List<LlmProvider> flashAndGpt41Mini() {
        return List.of(provider("flash", "gcp.gemini", "gemini-2.5-flash"),
                provider("gpt41mini", "openai", "gpt-4.1-mini"));
    }

    private static LlmProvider provider(String name, String vendor, String model) {
        return ScriptedProvider.named(name, ProviderInfo.of(vendor, model));
    }
}
