package io.relay4j.core.internal.timer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class DeadlinesTest {

    @AfterEach
    void restoreSchedulers() {
        VirtualTimeScheduler.reset();
        Schedulers.resetFactory();
    }

    private static Mono<String> afterDelay(long millis) {
        return Mono.create(sink -> {
            sink.onDispose(Deadlines.schedule(() -> sink.success(Thread.currentThread().getName()), millis,
                    TimeUnit.MILLISECONDS));
        });
    }

    @Test
    void withReactorsOwnParallelSchedulerTheWheelArmsAndTheParallelThreadsRunTheTask() {
        assertThat(Deadlines.isReactorParallel(Schedulers.parallel())).isTrue();

        StepVerifier.create(afterDelay(20))
                .assertNext(thread -> assertThat(thread).startsWith("parallel-"))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void aDeadlineOnTheWheelIsArmedUntilCancelled() {
        Disposable deadline = Deadlines.schedule(() -> { }, 1, TimeUnit.HOURS);
        assertThat(deadline.isDisposed()).isFalse();
        assertThat(Deadlines.wheel().pending()).isPositive();

        deadline.dispose();

        assertThat(deadline.isDisposed()).isTrue();
    }

    @Test
    void underVirtualTimeTheVirtualClockDecidesWhenTheTaskRuns() {
        StepVerifier.withVirtualTime(() -> {
            assertThat(Deadlines.isReactorParallel(Schedulers.parallel())).isFalse();
            return afterDelay(10_000);
        })
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(9_999))
                .thenAwait(Duration.ofMillis(1))
                .expectNextCount(1)
                .verifyComplete();
    }

    @Test
    void aParallelSchedulerFromTheApplicationsFactoryIsHonoured() {
        AtomicReference<Scheduler> made = new AtomicReference<>();
        Schedulers.setFactory(new Schedulers.Factory() {
            @Override
            public Scheduler newParallel(int parallelism, java.util.concurrent.ThreadFactory threadFactory) {
                made.set(Schedulers.newSingle("app-timers"));
                return made.get();
            }
        });

        assertThat(Deadlines.isReactorParallel(Schedulers.parallel())).isFalse();
        StepVerifier.create(afterDelay(5))
                .assertNext(thread -> assertThat(thread).startsWith("app-timers"))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDeadlineStillFiresWhenTheParallelSchedulerWasDisposed() {
        // an application shutting Reactor down disposes the parallel scheduler behind Schedulers.parallel()
        Scheduler cached = Schedulers.parallel();
        ((Supplier<Scheduler>) cached).get().dispose();
        try {
            assertThat(Deadlines.isReactorParallel(Schedulers.parallel())).isTrue();
            StepVerifier.create(afterDelay(5))
                    .as("the deadline fires instead of being dropped")
                    .assertNext(thread -> assertThat(thread).isEqualTo("relay4j-timer"))
                    .expectComplete()
                    .verify(Duration.ofSeconds(10));
        } finally {
            // the next Schedulers.parallel() is a new, live scheduler
            Schedulers.shutdownNow();
        }
    }
}
