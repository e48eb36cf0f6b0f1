package io.relay4j.core.internal.hedging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HedgeBudgetTest {

    @Test
    void startsEmptySoTheFirstHedgeNeedsItsShareOfRequests() {
        HedgeBudget budget = new HedgeBudget(0.05, 10);
        for (int i = 0; i < 19; i++) {
            budget.onRequest();
            assertThat(budget.tryAcquire()).as("after %d requests", i + 1).isFalse();
        }
        budget.onRequest();
        assertThat(budget.tryAcquire()).isTrue();
        assertThat(budget.tryAcquire()).isFalse();
    }

    @Test
    void hedgesNeverExceedTheFractionOfRequests() {
        HedgeBudget budget = new HedgeBudget(0.05, 10);
        int hedges = 0;
        for (int i = 0; i < 1000; i++) {
            budget.onRequest();
            if (budget.tryAcquire()) {
                hedges++;
            }
        }
        assertThat(hedges).isEqualTo(50);
    }

    @Test
    void concurrentRequestsNeverGetMoreHedgesThanTheirShare() throws InterruptedException {
        HedgeBudget budget = new HedgeBudget(0.05, 10);
        AtomicInteger hedges = new AtomicInteger();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    budget.onRequest();
                    if (budget.tryAcquire()) {
                        hedges.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(hedges.get() + budget.available()).isEqualTo(2_000);
    }

    @Test
    void aQuietPeriodSavesUpAtMostTheBurst() {
        HedgeBudget budget = new HedgeBudget(0.5, 3);
        for (int i = 0; i < 100; i++) {
            budget.onRequest();
        }
        assertThat(budget.available()).isEqualTo(3);
        int hedges = 0;
        while (budget.tryAcquire()) {
            hedges++;
        }
        assertThat(hedges).isEqualTo(3);
    }

    @Test
    void refundGivesBackAHedgeThatDidNotFire() {
        HedgeBudget budget = new HedgeBudget(1.0, 1);
        budget.onRequest();
        assertThat(budget.tryAcquire()).isTrue();
        budget.refund();
        assertThat(budget.tryAcquire()).isTrue();
    }

    @Test
    void rejectsAFractionOutsideZeroToOneAndABurstBelowOne() {
        assertThatThrownBy(() -> new HedgeBudget(0, 1)).hasMessageContaining("fraction must be in (0, 1]");
        assertThatThrownBy(() -> new HedgeBudget(1.5, 1)).hasMessageContaining("fraction must be in (0, 1]");
        assertThatThrownBy(() -> new HedgeBudget(0.1, 0)).hasMessageContaining("burst must be at least 1");
    }
}
