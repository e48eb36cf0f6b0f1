package io.relay4j.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The outlier settings and the slow start's: defaults, validation at each setter, variants. */
class OutlierConfigTest {

    @Test
    void defaultsAreTheIssuesFigures() {
        OutlierConfig defaults = OutlierConfig.ofDefaults();

        assertThat(defaults.windowSize()).isEqualTo(100);
        assertThat(defaults.windowDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.minimumVolume()).isEqualTo(20);
        assertThat(defaults.failureRatePercent()).isEqualTo(50);
        assertThat(defaults.consecutiveFailures()).isEqualTo(5);
        assertThat(defaults.maxEjectionPercent()).isEqualTo(50);
        CooldownConfig cooldowns = CooldownConfig.ofDefaults();
        assertThat(cooldowns.slowStart()).isEqualTo(Duration.ofSeconds(30));
        assertThat(cooldowns.slowStartAggression()).isEqualTo(1.0);
        assertThat(cooldowns.slowStartMinPercent()).isEqualTo(10);
    }

    @Test
    void settersRefuseABadValueAtOnceNamingTheSettingAndTheRange() {
        assertThatThrownBy(() -> OutlierConfig.custom().windowSize(0))
                .hasMessage("outlier windowSize must be from 1 to 10000, got 0");
        assertThatThrownBy(() -> OutlierConfig.custom().windowDuration(Duration.ZERO))
                .hasMessageContaining("outlier windowDuration must be positive");
        assertThatThrownBy(() -> OutlierConfig.custom().minimumVolume(0)).hasMessageContaining("outlier minimumVolume");
        assertThatThrownBy(() -> OutlierConfig.custom().failureRatePercent(101))
                .hasMessage("outlier failureRatePercent must be from 1 to 100, got 101");
        assertThatThrownBy(() -> OutlierConfig.custom().consecutiveFailures(0))
                .hasMessageContaining("outlier consecutiveFailures");
        assertThatThrownBy(() -> OutlierConfig.custom().maxEjectionPercent(-1))
                .hasMessageContaining("outlier maxEjectionPercent must be from 0 to 100");
        assertThatThrownBy(() -> CooldownConfig.custom().slowStart(Duration.ofSeconds(-1)))
                .hasMessageContaining("slowStart must not be negative");
        assertThatThrownBy(() -> CooldownConfig.custom().slowStartAggression(0))
                .hasMessageContaining("slowStartAggression");
        assertThatThrownBy(() -> CooldownConfig.custom().slowStartMinPercent(101))
                .hasMessageContaining("slowStartMinPercent must be from 0 to 100");
    }

    @Test
    void aMinimumVolumeLargerThanTheWindowIsRefusedAtBuild() {
        assertThatThrownBy(() -> OutlierConfig.custom().windowSize(10).minimumVolume(20).build())
                .hasMessage("outlier minimumVolume (20) must not be larger than windowSize (10)");
    }

    @Test
    void aVariantKeepsEverythingElse() {
        OutlierConfig strict = OutlierConfig.custom().consecutiveFailures(1).maxEjectionPercent(100).build();

        OutlierConfig variant = strict.toBuilder().windowSize(50).build();

        assertThat(variant.consecutiveFailures()).isEqualTo(1);
        assertThat(variant.maxEjectionPercent()).isEqualTo(100);
        assertThat(variant.windowSize()).isEqualTo(50);
        assertThat(variant).isNotEqualTo(strict);
        assertThat(variant.toBuilder().windowSize(100).build()).isEqualTo(strict).hasSameHashCodeAs(strict);
        assertThat(CooldownConfig.custom().slowStart(Duration.ZERO).build().toBuilder().build().slowStart()).isZero();
    }
}
