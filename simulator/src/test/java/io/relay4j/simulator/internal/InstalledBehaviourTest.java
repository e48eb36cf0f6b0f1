package io.relay4j.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.LatencyDistribution;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InstalledBehaviourTest {

    private static List<ExchangePlan> plans(Behaviour behaviour, int count) {
        InstalledBehaviour installed = new InstalledBehaviour(behaviour, 0);
        return IntStream.range(0, count).mapToObj(i -> installed.plan(0)).toList();
    }

    @Test
    void theSameSeedPlansTheSameFaultsLatenciesAndTexts() {
        Behaviour behaviour = Behaviour.builder()
                .faultRate(Fault.OVERLOADED_529, 0.2)
                .latency(LatencyDistribution.uniform(Duration.ZERO, Duration.ofSeconds(1)))
                .seed(42)
                .build();

        assertThat(plans(behaviour, 200)).isEqualTo(plans(behaviour, 200));
        assertThat(plans(behaviour.toBuilder().seed(43).build(), 200)).isNotEqualTo(plans(behaviour, 200));
    }

    @Test
    void faultRatesAreInjectedAtAboutTheirProbability() {
        List<ExchangePlan> plans = plans(Behaviour.builder()
                .faultRate(Fault.RATE_LIMIT_429, 0.25)
                .faultRate(Fault.CONNECTION_RESET, 0.05)
                .seed(1)
                .build(), 20_000);

        long throttled = plans.stream().filter(p -> p.fault().equals(java.util.Optional.of(Fault.RATE_LIMIT_429))).count();
        long reset = plans.stream().filter(p -> p.fault().equals(java.util.Optional.of(Fault.CONNECTION_RESET))).count();
        assertThat(throttled / 20_000.0).isBetween(0.235, 0.265);
        assertThat(reset / 20_000.0).isBetween(0.043, 0.057);
        assertThat(plans).extracting(ExchangePlan::index).containsExactlyElementsOf(
                IntStream.range(0, 20_000).mapToObj(Long::valueOf).toList());
    }

    @Test
    void aScheduledFaultTakesPrecedenceOverTheRates() {
        InstalledBehaviour installed = new InstalledBehaviour(Behaviour.builder()
                .faultRate(Fault.SERVER_ERROR_500, 1.0)
                .schedule(io.relay4j.simulator.FaultSchedule.builder()
                        .between(Duration.ofSeconds(1), Duration.ofSeconds(2), Fault.BAN_403).build())
                .build(), 10_000);

        assertThat(installed.plan(10_500).fault()).contains(Fault.SERVER_ERROR_500);
        assertThat(installed.plan(11_500).fault()).contains(Fault.BAN_403);
    }
}
