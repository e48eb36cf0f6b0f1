package io.relay4j.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.Usage;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PricingTableTest {

    private final PricingTable defaults = PricingTable.defaults();

    @Test
    void costOfAKnownResponseIsExactToTheLastDecimal() {
        // gpt-4o-mini: 0.15 in, 0.60 out, 0.075 cached per million
        // 1234 input (200 cached) + 567 output = 1034*0.15 + 200*0.075 + 567*0.60 = 155.1 + 15 + 340.2 = 510.3 per million
        Usage usage = Usage.builder().inputTokens(1234).outputTokens(567).cachedInputTokens(200).build();

        assertThat(defaults.costOf("openai", "gpt-4o-mini", usage)).hasValue(new BigDecimal("0.0005103"));
    }

    @Test
    void costKeepsEveryDecimalOfTinyPrices() {
        // gpt-5-nano cached input costs 0.005 per million: one cached token is 0.000000005 dollars
        assertThat(defaults.costOf("openai", "gpt-5-nano", Usage.builder().inputTokens(1).outputTokens(0)
                .cachedInputTokens(1).build()))
                .hasValue(new BigDecimal("0.000000005"));
    }

    @Test
    void anthropicCacheReadsAreBilledAtTheirOwnPrice() {
        // claude-sonnet-4-5: 3 in, 15 out, 0.30 cache read; 10 000 in of which 8 000 cached, 1 000 out
        // 2000*3 + 8000*0.30 + 1000*15 = 6000 + 2400 + 15000 = 23400 per million
        assertThat(defaults.costOf("anthropic", "claude-sonnet-4-5-20250929", Usage.builder().inputTokens(10_000)
                .outputTokens(1_000).cachedInputTokens(8_000).build()))
                .hasValue(new BigDecimal("0.0234"));
    }

    @Test
    void datedModelIdsCostAsTheirUndatedModel() {
        assertThat(defaults.priceOf("openai", "gpt-4o-mini-2024-07-18")).map(ModelPrice::model).hasValue("gpt-4o-mini");
        assertThat(defaults.priceOf("openai", "gpt-4o-2024-08-06")).map(ModelPrice::model).hasValue("gpt-4o");
        assertThat(defaults.priceOf("anthropic", "claude-3-5-haiku-20241022")).map(ModelPrice::model)
                .hasValue("claude-3-5-haiku");
        assertThat(defaults.priceOf("anthropic", "claude-opus-4-1-20250805")).map(ModelPrice::model)
                .hasValue("claude-opus-4-1");
        assertThat(defaults.priceOf("gcp.gemini", "gemini-2.0-flash-001")).map(ModelPrice::model)
                .hasValue("gemini-2.0-flash");
        assertThat(defaults.priceOf("OpenAI", "GPT-4o-mini")).map(ModelPrice::model).hasValue("gpt-4o-mini");
    }

    @Test
    void aModelThatOnlySharesAPrefixIsNeverPricedAsAnother() {
        PricingTable onlyGpt4o = PricingTable.builder()
                .price("openai", "gpt-4o", new BigDecimal("2.50"), new BigDecimal("10.00")).build();

        assertThat(onlyGpt4o.costOf("openai", "gpt-4o-mini", Usage.of(100, 100))).isEmpty();
        assertThat(onlyGpt4o.costOf("openai", "gpt-4o-mini-2024-07-18", Usage.of(100, 100))).isEmpty();
        assertThat(onlyGpt4o.costOf("openai", "gpt-4o-2024-08-06", Usage.of(1_000_000, 0)))
                .hasValue(new BigDecimal("2.5"));
    }

    @Test
    void unknownModelsAndVendorsHaveNoCost() {
        assertThat(defaults.costOf("openai", "gpt-99", Usage.of(10, 10))).isEmpty();
        assertThat(defaults.costOf("azure.ai.openai", "gpt-4o", Usage.of(10, 10))).isEmpty();
    }

    @Test
    void userPricesOverrideAndExtendTheDefaults() {
        PricingTable table = PricingTable.builder().defaults()
                .price("openai", "gpt-4o", new BigDecimal("2"), new BigDecimal("8"), new BigDecimal("1"))
                .price("mistral", "mistral-large", new BigDecimal("2"), new BigDecimal("6"))
                .build();

        assertThat(table.costOf("openai", "gpt-4o", Usage.builder().inputTokens(1_000_000)
                .cachedInputTokens(500_000).build()))
                .hasValue(new BigDecimal("1.5"));
        assertThat(table.costOf("mistral", "mistral-large-2411", Usage.builder().inputTokens(500_000)
                .outputTokens(500_000).cachedInputTokens(100_000).build()))
                .hasValue(new BigDecimal("4"));
        assertThat(table.costOf("anthropic", "claude-3-haiku", Usage.of(1_000_000, 1_000_000)))
                .hasValue(new BigDecimal("1.5"));
        assertThat(PricingTable.defaults().costOf("openai", "gpt-4o", Usage.of(1_000_000, 0)))
                .as("the shipped table is untouched").hasValue(new BigDecimal("2.5"));
    }

    @Test
    void aUserFileIsLoaded(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.csv");
        Files.writeString(file, "# my prices\nvendor,model,input,output,cached_input\nollama,llama3,0,0,\n"
                + "groq,llama-3.3-70b,0.59,0.79,\n");

        PricingTable table = PricingTable.builder().load(file).build();

        assertThat(table.costOf("groq", "llama-3.3-70b", Usage.of(1000, 1000))).hasValue(new BigDecimal("0.00138"));
        assertThat(table.costOf("ollama", "llama3", Usage.of(1000, 1000))).hasValue(BigDecimal.ZERO);
    }

    @Test
    void aBrokenFileIsRejectedNamingTheLine() {
        assertThatThrownBy(() -> PricingTable.builder()
                .load(new StringReader("vendor,model,input,output,cached_input\nopenai,gpt-x,cheap,1,\n"), "mine.csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("price table mine.csv, line 2: column input must be a decimal price, was 'cheap'");
        assertThatThrownBy(() -> PricingTable.builder().load(new StringReader("openai,gpt-x,1,1,\n"), "mine.csv"))
                .hasMessageContaining("line 1: the first line must be the header");
        assertThatThrownBy(() -> PricingTable.builder()
                .load(new StringReader("vendor,model,input,output,cached_input\nopenai,gpt-x,-1,1,\n"), "mine.csv"))
                .hasMessageContaining("line 2: input price of openai/gpt-x must not be negative");
    }

    @Test
    void theShippedSnapshotCoversTheThreeBigVendors() {
        assertThat(defaults.prices()).extracting(ModelPrice::vendor)
                .contains("openai", "anthropic", "gcp.gemini");
        assertThat(defaults.prices()).hasSizeGreaterThan(25);
        assertThat(PricingTable.class.getResource("pricing-" + PricingTable.DEFAULTS_DATE + ".csv")).isNotNull();
    }
}
