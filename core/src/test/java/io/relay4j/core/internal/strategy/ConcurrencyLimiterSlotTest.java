package io.relay4j.core.internal.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The permit-less slots the router's calls take ({@link ConcurrencyLimiter#tryTake()}) count against the same limit as permits. */
class ConcurrencyLimiterSlotTest {

    @Test
    void tryTakeIsRefusedAtTheLimitAndGiveBackFreesOneSlot() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(2);

        assertThat(limiter.tryTake()).isTrue();
        assertThat(limiter.tryTake()).isTrue();
        assertThat(limiter.tryTake()).isFalse();
        assertThat(limiter.inUse()).isEqualTo(2);

        limiter.giveBack();
        assertThat(limiter.inUse()).isEqualTo(1);
        assertThat(limiter.tryTake()).isTrue();
        assertThat(limiter.tryTake()).isFalse();
    }

    @Test
    void slotsAndPermitsShareOneLimit() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(2);
        var permit = limiter.tryAcquire().orElseThrow();

        assertThat(limiter.tryTake()).isTrue();
        assertThat(limiter.tryAcquire()).isEmpty();
        assertThat(limiter.tryTake()).isFalse();

        permit.release();
        assertThat(limiter.tryTake()).isTrue();
        assertThat(limiter.inUse()).isEqualTo(2);
    }
}
