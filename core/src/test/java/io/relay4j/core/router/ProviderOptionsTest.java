package io.relay4j.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderOptionsTest {

    @Test
    void defaultsOverrideNothing() {
        ProviderOptions options = ProviderOptions.ofDefaults();

        assertThat(options.firstTokenTimeout()).isEmpty();
        assertThat(options.idleTimeout()).isEmpty();
        assertThat(options.attemptTimeout()).isEmpty();
        assertThat(options.concurrencyLimit()).isEmpty();
        assertThat(options).hasToString("ProviderOptions[]");
    }

    @Test
    void toBuilderKeepsWhatWasSetAndLeavesTheOriginalAlone() {
        ProviderOptions base = ProviderOptions.custom().firstTokenTimeout(Duration.ofMinutes(5)).concurrencyLimit(4)
                .build();

        ProviderOptions variant = base.toBuilder().idleTimeout(Duration.ofSeconds(30)).build();

        assertThat(variant.firstTokenTimeout()).contains(Duration.ofMinutes(5));
        assertThat(variant.idleTimeout()).contains(Duration.ofSeconds(30));
        assertThat(variant.concurrencyLimit()).hasValue(4);
        assertThat(base.idleTimeout()).isEmpty();
        assertThat(base.toBuilder().build()).isEqualTo(base);
        assertThat(variant.toString()).contains("firstTokenTimeout=300000ms", "idleTimeout=30000ms", "concurrencyLimit=4");
    }

    @Test
    void everySetterRefusesABadValueAtOnceNamingIt() {
        ProviderOptions.Builder builder = ProviderOptions.custom();

        assertThatThrownBy(() -> builder.firstTokenTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstTokenTimeout must be positive");
        assertThatThrownBy(() -> builder.idleTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTimeout must be positive");
        assertThatThrownBy(() -> builder.attemptTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("attemptTimeout must not be null");
        assertThatThrownBy(() -> builder.concurrencyLimit(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrencyLimit must be at least 1");
    }
}
