package io.relay4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BehaviourTest {

    @Test
    void healthyDefaultsAnswerAtOnceWithoutFaults() {
        Behaviour healthy = Behaviour.healthy();

        assertThat(healthy.latency()).isEqualTo(LatencyDistribution.none());
        assertThat(healthy.tokenDelay()).isZero();
        assertThat(healthy.answerTokens()).isEqualTo(Behaviour.DEFAULT_ANSWER_TOKENS);
        assertThat(healthy.faultRates()).isEmpty();
        assertThat(healthy.schedule().isEmpty()).isTrue();
        assertThat(healthy.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(healthy.seed()).isEmpty();
    }

    @Test
    void alwaysInjectsTheFaultIntoEveryRequest() {
        assertThat(Behaviour.always(Fault.BAN_403).faultRates()).isEqualTo(Map.of(Fault.BAN_403, 1.0));
    }

    @Test
    void toBuilderKeepsEveryValueAndARateOfZeroRemovesAFault() {
        Behaviour original = Behaviour.builder()
                .latency(LatencyDistribution.fixed(Duration.ofMillis(5)))
                .tokenDelay(Duration.ofMillis(2))
                .answerTokens(7)
                .faultRate(Fault.SERVER_ERROR_500, 0.1)
                .faultRate(Fault.BAN_403, 0.2)
                .retryAfter(Duration.ofSeconds(3))
                .faultAfterTokens(1)
                .seed(9)
                .build();

        Behaviour copy = original.toBuilder().faultRate(Fault.BAN_403, 0).build();

        assertThat(copy.latency()).isEqualTo(original.latency());
        assertThat(copy.tokenDelay()).isEqualTo(Duration.ofMillis(2));
        assertThat(copy.answerTokens()).isEqualTo(7);
        assertThat(copy.faultRates()).isEqualTo(Map.of(Fault.SERVER_ERROR_500, 0.1));
        assertThat(copy.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(copy.faultAfterTokens()).isEqualTo(1);
        assertThat(copy.seed()).hasValue(9);
        assertThat(original.faultRates()).hasSize(2);
    }

    @Test
    void invalidValuesAreRejectedAtBuildWithWhatToFix() {
        assertThatThrownBy(() -> Behaviour.builder().faultRate(Fault.BAN_403, 0.7).faultRate(Fault.SERVER_ERROR_500, 0.5).build())
                .hasMessageContaining("more than 1");
        assertThatThrownBy(() -> Behaviour.builder().faultRate(Fault.BAN_403, 1.2))
                .hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> Behaviour.builder().answerTokens(0).build()).hasMessageContaining("answerTokens");
        assertThatThrownBy(() -> Behaviour.builder().tokenDelay(Duration.ofMillis(-1)).build()).hasMessageContaining("tokenDelay");
        assertThatThrownBy(() -> Behaviour.builder().retryAfter(Duration.ZERO).build()).hasMessageContaining("retryAfter");
        assertThatThrownBy(() -> Behaviour.builder().faultAfterTokens(-1).build()).hasMessageContaining("faultAfterTokens");
    }
}
