package io.relay4j.core.internal.strategy;

import static io.relay4j.core.internal.strategy.Candidates.named;
import static io.relay4j.core.internal.strategy.Candidates.names;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmRequest;
import io.relay4j.core.testing.ScriptedProvider;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

class LeastInFlightOrderTest {

    private final ProviderStatsRegistry stats = ProviderStatsRegistry.withDefaults();
    private final SplittableRandom random = new SplittableRandom(1);

    @Test
    void leastBusyFirstThenTheNextLeastBusy() {
        Disposable a1 = hangingCallOn("a");
        Disposable a2 = hangingCallOn("a");
        Disposable c1 = hangingCallOn("c");

        assertThat(names(new LeastInFlightOrder().order(named("a", "b", "c"), stats, random)))
                .containsExactly("b", "c", "a");

        a1.dispose();
        a2.dispose();
        c1.dispose();
        assertThat(stats.of("a").inFlight().current()).isZero();
        assertThat(names(new LeastInFlightOrder().order(named("a", "b", "c"), stats, random)))
                .containsExactly("a", "b", "c");
    }

    private Disposable hangingCallOn(String provider) {
        ScriptedProvider hanging = ScriptedProvider.named(provider).otherwise(ScriptedProvider.hang());
        return stats.of(provider).inFlight().track(hanging.generate(LlmRequest.of("hi"))).subscribe();
    }
}
