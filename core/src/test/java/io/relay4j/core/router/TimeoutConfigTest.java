package io.relay4j.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        TimeoutConfig config = TimeoutConfig.ofDefaults();

        assertThat(config.firstToken()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.idle()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.attempt()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.request()).isEqualTo(Duration.ofMinutes(15));
        assertThat(TimeoutConfig.custom().build()).isEqualTo(config);
    }

    @Test
    void toBuilderMakesAVariantAndLeavesTheOriginalAlone() {
        TimeoutConfig base = TimeoutConfig.custom().idle(Duration.ofSeconds(5)).build();

        TimeoutConfig variant = base.toBuilder().firstToken(Duration.ofMinutes(5)).build();

        assertThat(variant.firstToken()).isEqualTo(Duration.ofMinutes(5));
        assertThat(variant.idle()).isEqualTo(Duration.ofSeconds(5));
        assertThat(base.firstToken()).isEqualTo(Duration.ofSeconds(60));
        assertThat(base.toBuilder().build()).isEqualTo(base);
    }

    @Test
    void everySetterRefusesANonPositiveValueAtOnceNamingIt() {
        TimeoutConfig.Builder builder = TimeoutConfig.custom();

        assertThatThrownBy(() -> builder.firstToken(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstToken timeout must be positive");
        assertThatThrownBy(() -> builder.idle(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idle timeout must be positive");
        assertThatThrownBy(() -> builder.attempt(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("attempt timeout must not be null");
        assertThatThrownBy(() -> builder.request(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request timeout must be positive");
    }
}
