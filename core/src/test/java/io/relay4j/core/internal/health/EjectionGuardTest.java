package io.relay4j.core.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The max-ejection cap: a share of the providers, never all of them below 100 %, counting every provider out. */
class EjectionGuardTest {

    private final AtomicInteger providers = new AtomicInteger(3);

    @Test
    void halfOfThreeProvidersLetsOneOutlierOut() {
        EjectionGuard guard = new EjectionGuard(providers::get, 50);

        assertThat(guard.tryEjectOutlier()).isTrue();
        assertThat(guard.tryEjectOutlier()).isFalse();
        guard.returned();
        assertThat(guard.tryEjectOutlier()).isTrue();
    }

    @Test
    void providersOutForOtherReasonsCountAgainstTheCap() {
        EjectionGuard guard = new EjectionGuard(providers::get, 50);
        guard.ejected();

        assertThat(guard.tryEjectOutlier()).as("a banned provider already uses the share").isFalse();
        assertThat(guard.out()).isEqualTo(1);
    }

    @Test
    void belowOneHundredPercentTheLastProviderAlwaysStaysIn() {
        EjectionGuard guard = new EjectionGuard(providers::get, 99);

        assertThat(guard.tryEjectOutlier()).isTrue();
        assertThat(guard.tryEjectOutlier()).isTrue();
        assertThat(guard.tryEjectOutlier()).isFalse();
        assertThat(new EjectionGuard(() -> 1, 50).tryEjectOutlier()).as("a lone provider is never an outlier").isFalse();
    }

    @Test
    void oneHundredPercentLetsEveryProviderOut() {
        EjectionGuard guard = new EjectionGuard(providers::get, 100);

        assertThat(guard.tryEjectOutlier()).isTrue();
        assertThat(guard.tryEjectOutlier()).isTrue();
        assertThat(guard.tryEjectOutlier()).isTrue();
        assertThat(guard.tryEjectOutlier()).isFalse();
    }

    @Test
    void theCapFollowsTheProvidersOnTheRouterNow() {
        EjectionGuard guard = new EjectionGuard(providers::get, 50);
        assertThat(guard.tryEjectOutlier()).isTrue();

        providers.set(4);

        assertThat(guard.tryEjectOutlier()).isTrue();
        assertThat(guard.tryEjectOutlier()).isFalse();
    }

    @Test
    void zeroPercentTurnsOutlierEjectionOff() {
        assertThat(new EjectionGuard(providers::get, 0).tryEjectOutlier()).isFalse();
    }
}
