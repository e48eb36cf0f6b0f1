package io.relay4j.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The adaptive limit's configuration, and how it sits in {@link ProviderOptions} beside the fixed limit. */
class AdaptiveConcurrencyTest {

    @Test
    void defaultsAreDocumented() {
        AdaptiveConcurrency config = AdaptiveConcurrency.ofDefaults();

        assertThat(config.minLimit()).isEqualTo(1);
        assertThat(config.maxLimit()).isEqualTo(200);
        assertThat(config.initialLimit()).isEqualTo(20);
        assertThat(config.backoffRatio()).isEqualTo(0.5);
        assertThat(config.latencyTolerance()).isEqualTo(2.0);
        assertThat(config.rateLimitHeadroom()).isEqualTo(0.05);
        assertThat(config.toBuilder().build()).isEqualTo(config).hasSameHashCodeAs(config);
    }

    @Test
    void theDefaultInitialLimitMovesIntoNarrowBoundsButAnExplicitOneMustFit() {
        assertThat(AdaptiveConcurrency.custom().limits(1, 8).build().initialLimit()).isEqualTo(8);
        assertThat(AdaptiveConcurrency.custom().limits(32, 64).build().initialLimit()).isEqualTo(32);
        assertThatThrownBy(() -> AdaptiveConcurrency.custom().limits(1, 8).initialLimit(9).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initialLimit must lie within the limits 1..8, got 9");
    }

    @Test
    void everySetterRefusesABadValueAtOnceNamingIt() {
        AdaptiveConcurrency.Builder builder = AdaptiveConcurrency.custom();

        assertThatThrownBy(() -> builder.limits(0, 5)).hasMessageContaining("limits must satisfy 1 <= min <= max");
        assertThatThrownBy(() -> builder.limits(6, 5)).hasMessageContaining("got min 6 and max 5");
        assertThatThrownBy(() -> builder.initialLimit(0)).hasMessageContaining("initialLimit must be at least 1");
        assertThatThrownBy(() -> builder.backoffRatio(1)).hasMessageContaining("backoffRatio must be above 0 and below 1");
        assertThatThrownBy(() -> builder.backoffRatio(Double.NaN)).hasMessageContaining("backoffRatio");
        assertThatThrownBy(() -> builder.latencyTolerance(1)).hasMessageContaining("latencyTolerance must be above 1");
        assertThatThrownBy(() -> builder.rateLimitHeadroom(1)).hasMessageContaining("rateLimitHeadroom must be at least 0");
    }

    @Test
    void providerOptionsTakeEitherAFixedOrAnAdaptiveLimit() {
        ProviderOptions adaptive = ProviderOptions.custom().adaptiveConcurrency(2, 64).build();

        assertThat(adaptive.adaptiveConcurrency()).hasValueSatisfying(config -> {
            assertThat(config.minLimit()).isEqualTo(2);
            assertThat(config.maxLimit()).isEqualTo(64);
        });
        assertThat(adaptive.concurrencyLimit()).isEmpty();
        assertThat(adaptive.toBuilder().build()).isEqualTo(adaptive);
        assertThat(adaptive.toString()).contains("adaptiveConcurrency=AdaptiveConcurrency[limits=2..64");
        assertThat(ProviderOptions.ofDefaults().adaptiveConcurrency()).isEmpty();

        assertThatThrownBy(() -> adaptive.toBuilder().concurrencyLimit(8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("concurrencyLimit cannot be set with adaptiveConcurrency");
        assertThatThrownBy(() -> ProviderOptions.custom().concurrencyLimit(8).adaptiveConcurrency(1, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("adaptiveConcurrency cannot be set with concurrencyLimit (8)");
    }
}
