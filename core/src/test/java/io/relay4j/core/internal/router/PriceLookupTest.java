package io.relay4j.core.internal.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.cost.PricingTable;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PriceLookupTest {

    private final PricingTable table = PricingTable.builder()
            .price("openai", "gpt-4o-mini", new BigDecimal("0.15"), new BigDecimal("0.60"))
            .price("openai", "gpt-4o", new BigDecimal("2.50"), new BigDecimal("10"))
            .build();
    private final PriceLookup lookup = new PriceLookup(table);

    @Test
    void findsWhatTheTableFindsExactDatedAndCaseFolded() {
        assertThat(lookup.priceOf("openai", "gpt-4o-mini")).isEqualTo(table.priceOf("openai", "gpt-4o-mini").get());
        assertThat(lookup.priceOf("OpenAI", "GPT-4o-mini-2024-07-18"))
                .isEqualTo(table.priceOf("openai", "gpt-4o-mini").get());
        assertThat(lookup.priceOf("openai", "gpt-4o").inputPerMillion()).isEqualByComparingTo("2.50");
    }

    @Test
    void anUnpricedModelStaysUnpricedOnEveryLookup() {
        assertThat(lookup.priceOf("openai", "gpt-4o-minix")).isNull();
        assertThat(lookup.priceOf("openai", "gpt-4o-minix")).isNull();
        assertThat(lookup.priceOf("acme", "gpt-4o")).isNull();
    }

    @Test
    void aVendorReportingEverNewModelIdsStillGetsCorrectPricesPastTheCacheBound() {
        for (int i = 0; i < PriceLookup.MODELS_PER_VENDOR + 50; i++) {
            assertThat(lookup.priceOf("openai", "unknown-model-" + i)).isNull();
        }
        assertThat(lookup.priceOf("openai", "gpt-4o-mini-20240718").outputPerMillion()).isEqualByComparingTo("0.60");
    }
}
