package io.relay4j.core.internal.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.LlmRequest;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class ConcurrencyLimiterTest {

    private final LlmRequest request = LlmRequest.of("hi");

    @Test
    void providerAtItsLimitIsRefusedAtOnceNotQueued() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(2);
        var first = limiter.tryAcquire();
        var second = limiter.tryAcquire();

        assertThat(first).isPresent();
        assertThat(second).isPresent();
        assertThat(limiter.tryAcquire()).isEmpty();
        assertThat(limiter.inUse()).isEqualTo(2);

        first.orElseThrow().release();
        assertThat(limiter.tryAcquire()).isPresent();
    }

    @Test
    void releasingTwiceFreesOnlyOneSlot() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(2);
        var permit = limiter.tryAcquire().orElseThrow();
        limiter.tryAcquire().orElseThrow();

        permit.release();
        permit.release();

        assertThat(limiter.inUse()).isEqualTo(1);
    }

    @Test
    void guardedCallReleasesItsPermitOnSuccess() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(1);
        ScriptedProvider provider = ScriptedProvider.named("a");
        var permit = limiter.tryAcquire().orElseThrow();

        StepVerifier.create(permit.guard(provider.generate(request))).expectNextCount(1).verifyComplete();

        assertThat(limiter.inUse()).isZero();
    }

    @Test
    void guardedCallReleasesItsPermitOnError() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(1);
        ScriptedProvider provider = ScriptedProvider.named("a").otherwise(ScriptedProvider.fail(Errors.serverError()));
        var permit = limiter.tryAcquire().orElseThrow();

        StepVerifier.create(permit.guard(provider.generate(request))).expectError().verify();

        assertThat(limiter.inUse()).isZero();
    }

    @Test
    void guardedCallReleasesItsPermitWhenCancelled() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(1);
        ScriptedProvider provider = ScriptedProvider.named("a").otherwise(ScriptedProvider.hang());
        var permit = limiter.tryAcquire().orElseThrow();

        StepVerifier.withVirtualTime(() -> permit.guard(provider.stream(request)))
                .expectSubscription()
                .then(() -> assertThat(limiter.inUse()).isEqualTo(1))
                .thenAwait(Duration.ofSeconds(5))
                .thenCancel()
                .verify();

        assertThat(provider.cancellations()).isEqualTo(1);
        assertThat(limiter.inUse()).isZero();
        assertThat(limiter.tryAcquire()).isPresent();
    }

    @Test
    void concurrentCallersNeverHoldMoreThanTheLimit() throws InterruptedException {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.of(3);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        Thread[] threads = new Thread[6];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    limiter.tryAcquire().ifPresent(permit -> {
                        mostHeld.accumulateAndGet(holding.incrementAndGet(), Math::max);
                        holding.decrementAndGet();
                        permit.release();
                    });
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(mostHeld.get()).isBetween(1, 3);
        assertThat(limiter.inUse()).isZero();
    }

    @Test
    void unlimitedLimiterAlwaysGrantsButStillCounts() {
        ConcurrencyLimiter limiter = ConcurrencyLimiter.unlimited();
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryAcquire()).isPresent();
        }
        assertThat(limiter.isLimited()).isFalse();
        assertThat(limiter.inUse()).isEqualTo(1000);
    }

    @Test
    void rejectsALimitBelowOne() {
        assertThatThrownBy(() -> ConcurrencyLimiter.of(0)).hasMessageContaining("at least 1");
    }
}
