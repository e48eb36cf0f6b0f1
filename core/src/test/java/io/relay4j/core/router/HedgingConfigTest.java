package io.relay4j.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HedgingConfigTest {

    @Test
    void hedgingIsOffUnlessConfigured() {
        assertThat(HedgingConfig.ofDefaults().enabled()).isFalse();
        assertThat(HedgingConfig.ofDefaults().toString()).isEqualTo("HedgingConfig[disabled]");
    }

    @Test
    void fixedDelayConfigHasTheDocumentedDefaults() {
        HedgingConfig config = HedgingConfig.custom().fixedDelay(Duration.ofMillis(300)).build();

        assertThat(config.enabled()).isTrue();
        assertThat(config.fixedDelay()).contains(Duration.ofMillis(300));
        assertThat(config.percentile()).isEmpty();
        assertThat(config.maxHedges()).isEqualTo(1);
        assertThat(config.budgetFraction()).isEqualTo(0.05);
        assertThat(config.budgetBurst()).isEqualTo(10);
    }

    @Test
    void percentileDelayKeepsItsBounds() {
        HedgingConfig config = HedgingConfig.custom().percentileDelay(95, Duration.ofMillis(50), Duration.ofSeconds(2))
                .maxHedges(2).budgetFraction(0.1).budgetBurst(3).minSamples(5).build();

        assertThat(config.fixedDelay()).isEmpty();
        assertThat(config.percentile()).contains(95.0);
        assertThat(config.floor()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.ceiling()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.minSamples()).isEqualTo(5);
        assertThat(config.toString()).contains("p95.0", "maxHedges=2", "budgetFraction=0.1");
    }

    @Test
    void invalidSettingsSayWhatToFix() {
        assertThatThrownBy(() -> HedgingConfig.custom().fixedDelay(Duration.ZERO).build())
                .hasMessageContaining("hedge delay must be positive");
        assertThatThrownBy(() -> HedgingConfig.custom()
                .percentileDelay(100, Duration.ofMillis(1), Duration.ofSeconds(1))
                .build()).hasMessageContaining("percentile must be in (0, 100)");
        assertThatThrownBy(() -> HedgingConfig.custom()
                .percentileDelay(95, Duration.ofSeconds(2), Duration.ofSeconds(1))
                .build()).hasMessageContaining("must not be below its floor");
        assertThatThrownBy(() -> HedgingConfig.custom().fixedDelay(Duration.ofMillis(1)).maxHedges(0).build())
                .hasMessageContaining("HedgingConfig.ofDefaults()");
        assertThatThrownBy(() -> HedgingConfig.custom().fixedDelay(Duration.ofMillis(1)).budgetFraction(0).build())
                .hasMessageContaining("budgetFraction must be in (0, 1]");
        assertThatThrownBy(() -> HedgingConfig.custom().fixedDelay(Duration.ofMillis(1)).budgetBurst(0).build())
                .hasMessageContaining("budgetBurst must be at least 1");
    }
}
