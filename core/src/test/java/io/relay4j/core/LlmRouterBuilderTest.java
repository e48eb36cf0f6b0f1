package io.relay4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.error.ErrorType;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.core.router.ErrorPolicy;
import io.relay4j.core.router.RetryConfig;
import io.relay4j.core.router.TimeoutConfig;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Configuration mistakes are refused when built, with a message that says what to fix. */
class LlmRouterBuilderTest {

    @Test
    void aRouterNeedsAProvider() {
        assertThatThrownBy(() -> LlmRouter.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one provider");
    }

    @Test
    void providerNamesMustBeUnique() {
        assertThatThrownBy(() -> LlmRouter.builder()
                .provider(ScriptedProvider.named("x")).provider(ScriptedProvider.named("x")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two providers are named 'x'");
    }

    @Test
    void nullsAreRefusedByName() {
        assertThatThrownBy(() -> LlmRouter.builder().provider(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("provider");
        assertThatThrownBy(() -> LlmRouter.builder().retry(null)).hasMessageContaining("retry config");
        assertThatThrownBy(() -> LlmRouter.builder().strategy(null)).hasMessageContaining("strategy");
        assertThatThrownBy(() -> LlmRouter.builder().errorPolicy(ErrorType.TIMEOUT, null))
                .hasMessageContaining("error policy");
    }

    @Test
    void attemptBudgetMustBePositive() {
        assertThatThrownBy(() -> LlmRouter.builder().maxAttemptsPerRequest(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttemptsPerRequest must be at least 1");
    }

    @Test
    void streamInterruptedHasNoPolicy() {
        assertThatThrownBy(() -> LlmRouter.builder()
                .errorPolicy(ErrorType.STREAM_INTERRUPTED, ErrorPolicy.defaultFor(ErrorType.TIMEOUT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("STREAM_INTERRUPTED");
    }

    @Test
    void retryConfigRefusesNonsense() {
        assertThatThrownBy(() -> RetryConfig.custom().initialBackoff(Duration.ZERO).build())
                .hasMessageContaining("initialBackoff must be positive");
        assertThatThrownBy(() -> RetryConfig.custom().maxBackoff(Duration.ofMillis(1)).build())
                .hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> RetryConfig.custom().jitterFactor(1.5).build())
                .hasMessageContaining("jitterFactor must be between 0 and 1");
        assertThatThrownBy(() -> RetryConfig.custom().multiplier(0.5).build())
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> RetryConfig.custom().maxRetriesInPlace(-1).build())
                .hasMessageContaining("maxRetriesInPlace");
        assertThatThrownBy(() -> RetryConfig.custom().maxRetryAfterInPlace(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("maxRetryAfterInPlace must not be negative");
        assertThat(RetryConfig.custom().jitterFactor(0).maxRetriesInPlace(0).build().jitterFactor()).isZero();
    }

    @Test
    void cooldownConfigRefusesNonsense() {
        assertThatThrownBy(() -> CooldownConfig.custom().base(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("base cooldown must be positive");
        assertThatThrownBy(() -> CooldownConfig.custom().max(Duration.ofSeconds(1)).build())
                .hasMessageContaining("max cooldown");
        assertThatThrownBy(() -> CooldownConfig.custom().longCooldown(null).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("longCooldown");
        assertThat(CooldownConfig.ofDefaults().max()).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(CooldownConfig.ofDefaults().longCooldown()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void timeoutConfigRefusesNonsense() {
        assertThatThrownBy(() -> TimeoutConfig.custom().attempt(Duration.ZERO).build())
                .hasMessageContaining("attempt timeout must be positive");
        assertThatThrownBy(() -> TimeoutConfig.custom().request(Duration.ofMillis(-5)).build())
                .hasMessageContaining("request timeout must be positive");
    }

    @Test
    void defaultsFollowTheDesign() {
        assertThat(ErrorPolicy.defaultFor(ErrorType.POLICY_VIOLATION))
                .isEqualTo(ErrorPolicy.of(ErrorPolicy.Action.FALL_OVER, ErrorPolicy.Cooldown.LONG));
        assertThat(ErrorPolicy.defaultFor(ErrorType.CONTENT_FILTERED).action()).isEqualTo(ErrorPolicy.Action.FAIL_FAST);
        assertThat(ErrorPolicy.defaultFor(ErrorType.SERVER_ERROR).action())
                .isEqualTo(ErrorPolicy.Action.RETRY_THEN_FALL_OVER);
        assertThat(RetryConfig.ofDefaults().maxRetryAfterInPlace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(RetryConfig.ofDefaults().maxRetriesInPlace()).isEqualTo(1);
        LlmRouter router = LlmRouter.builder().providers(List.of(ScriptedProvider.named("a"))).build();
        assertThat(router.providerNames()).containsExactly("a");
    }
}
