package io.relay4j.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamConfigTest {

    @Test
    void defaultCommitsAtTheFirstTokenWithoutResumeAndWithTheDocumentedTimeouts() {
        StreamConfig config = StreamConfig.DEFAULT;

        assertThat(config.holdBackChars()).isZero();
        assertThat(config.holdBack()).isZero();
        assertThat(config.resume()).isFalse();
        assertThat(config.timeoutsFor("any")).isEqualTo(new StreamConfig.Timeouts(
                Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofMinutes(10)));
    }

    @Test
    void perProviderTimeoutsApplyOnlyToThatProvider() {
        StreamConfig.Timeouts slow = StreamConfig.Timeouts.DEFAULT.withFirstToken(Duration.ofSeconds(60));
        StreamConfig config = StreamConfig.builder()
                .idleTimeout(Duration.ofSeconds(5))
                .perProvider("local-llama", slow)
                .build();

        assertThat(config.timeoutsFor("local-llama")).isEqualTo(slow);
        assertThat(config.timeoutsFor("openai").idle()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.timeoutsFor("openai").firstToken()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void toBuilderMakesAVariantAndLeavesTheOriginalAlone() {
        StreamConfig base = StreamConfig.builder().holdBackChars(40).build();

        StreamConfig variant = base.toBuilder().resume(true).holdBack(Duration.ofMillis(300)).build();

        assertThat(variant.holdBackChars()).isEqualTo(40);
        assertThat(variant.resume()).isTrue();
        assertThat(variant.holdBack()).isEqualTo(Duration.ofMillis(300));
        assertThat(base.resume()).isFalse();
        assertThat(base.holdBack()).isZero();
    }

    @Test
    void invalidValuesAreRefusedWithWhatToFix() {
        assertThatThrownBy(() -> StreamConfig.builder().holdBackChars(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use 0");
        assertThatThrownBy(() -> StreamConfig.builder().holdBack(Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holdBack (Duration.ZERO for none) must not be negative");
        assertThatThrownBy(() -> StreamConfig.builder().idleTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idle timeout must be positive");
        assertThatThrownBy(() -> StreamConfig.builder().perProvider(" ", StreamConfig.Timeouts.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    }
}
