package io.relay4j.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamConfigTest {

    @Test
    void defaultsCommitAtTheFirstTokenWithoutResume() {
        StreamConfig config = StreamConfig.ofDefaults();

        assertThat(config.holdBackChars()).isZero();
        assertThat(config.holdBack()).isZero();
        assertThat(config.resume()).isFalse();
        assertThat(StreamConfig.custom().build()).isEqualTo(config);
    }

    @Test
    void toBuilderMakesAVariantAndLeavesTheOriginalAlone() {
        StreamConfig base = StreamConfig.custom().holdBackChars(40).build();

        StreamConfig variant = base.toBuilder().resume(true).holdBack(Duration.ofMillis(300)).build();

        assertThat(variant.holdBackChars()).isEqualTo(40);
        assertThat(variant.resume()).isTrue();
        assertThat(variant.holdBack()).isEqualTo(Duration.ofMillis(300));
        assertThat(base.resume()).isFalse();
        assertThat(base.holdBack()).isZero();
        assertThat(base.toBuilder().build()).isEqualTo(base);
    }

    @Test
    void invalidValuesAreRefusedWithWhatToFix() {
        assertThatThrownBy(() -> StreamConfig.custom().holdBackChars(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use 0");
        assertThatThrownBy(() -> StreamConfig.custom().holdBack(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holdBack (Duration.ZERO for none) must not be negative");
    }
}
