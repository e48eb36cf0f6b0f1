package io.relay4j.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The answers {@link PricingTable#priceOf} keeps are the ones its matching gives, however often it is asked. */
class PricingTableKeptAnswersTest {

    private final PricingTable table = PricingTable.builder()
            .price("openai", "gpt-4o-mini", new BigDecimal("0.15"), new BigDecimal("0.60"))
            .price("openai", "gpt-4o", new BigDecimal("2.50"), new BigDecimal("10"))
            .build();

    @Test
    void aKeptAnswerIsTheSameExactDatedAndCaseFoldedMatch() {
        ModelPrice mini = table.priceOf("openai", "gpt-4o-mini").orElseThrow();
        for (int round = 0; round < 2; round++) {
            assertThat(table.priceOf("openai", "gpt-4o-mini")).contains(mini);
            assertThat(table.priceOf("OpenAI", "GPT-4o-mini-2024-07-18")).contains(mini);
            assertThat(table.priceOf("openai", "gpt-4o").orElseThrow().inputPerMillion()).isEqualByComparingTo("2.50");
        }
    }

    @Test
    void anUnpricedModelStaysUnpricedOnEveryLookup() {
        assertThat(table.priceOf("openai", "gpt-4o-minix")).isEmpty();
        assertThat(table.priceOf("openai", "gpt-4o-minix")).isEmpty();
        assertThat(table.priceOf("acme", "gpt-4o")).isEmpty();
    }

    @Test
    void aVendorReportingEverNewModelIdsStillGetsCorrectPricesPastTheBound() {
        for (int i = 0; i < PricingTable.MODELS_KEPT_PER_VENDOR + 50; i++) {
            assertThat(table.priceOf("openai", "unknown-model-" + i)).isEmpty();
        }
        assertThat(table.priceOf("openai", "gpt-4o-mini-20240718").orElseThrow().outputPerMillion())
                .isEqualByComparingTo("0.60");
        assertThat(table.priceOf("openai", "gpt-4o-20240806").orElseThrow().outputPerMillion())
                .isEqualByComparingTo("10");
    }

    @Test
    void nullNamesAreStillRefused() {
        assertThatThrownBy(() -> table.priceOf(null, "gpt-4o")).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("vendor and model");
        assertThatThrownBy(() -> table.priceOf("openai", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("vendor and model");
    }
}
