package io.relay4j.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.testing.RaceThreads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.test.util.RaceTestUtils;

/**
 * The commit gate's drain loop under real concurrency: the provider's chunks arrive on one thread while the
 * consumer asks or cancels on another, raced many times with reactor-test's {@link RaceTestUtils}. Every chunk
 * reaches the consumer once and in order, whatever the interleaving, including the batches in which the gate
 * passes an unbounded demand on; a cancel ends the stream without a terminal signal.
 */
class CommitGateConcurrencyTest {

    private static final int RUNS = 300;
    /** More than the gate asks the provider for at once, so each run crosses several batches. */
    private static final int CHUNKS = 3 * CommitGateSubscriber.MAX_IN_FLIGHT;

    private static RaceThreads threads;
    private static Scheduler raceThreads;

    @BeforeAll
    static void raceThreads() {
        threads = new RaceThreads();
        raceThreads = threads.scheduler();
    }

    @AfterAll
    static void stopRaceThreads() {
        threads.close();
    }

    /** A provider stream the test emits by hand; it keeps what the gate has not asked for yet, and stops once cancelled. */
    private static final class Provider {
        final Sinks.Many<LlmChunk> sink = Sinks.many().unicast().onBackpressureBuffer();
        final AtomicInteger cancels = new AtomicInteger();

        void emitAll() {
            for (int i = 0; i < CHUNKS; i++) {
                Sinks.EmitResult result = sink.tryEmitNext(LlmChunk.text("c" + i));
                if (result == Sinks.EmitResult.FAIL_CANCELLED) {
                    return;
                }
                result.orThrow();
            }
            sink.tryEmitComplete();
        }
    }

    /** A consumer that asks for nothing by itself and records what it gets. */
    private static final class Consumer extends BaseSubscriber<LlmChunk> {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final AtomicInteger terminals = new AtomicInteger();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
        }

        @Override
        protected void hookOnNext(LlmChunk chunk) {
            texts.add(chunk.text());
        }

        @Override
        protected void hookOnComplete() {
            terminals.incrementAndGet();
        }

        @Override
        protected void hookOnError(Throwable error) {
            terminals.incrementAndGet();
        }
    }

    private static Consumer subscribe(Provider provider) {
        Consumer consumer = new Consumer();
        CommitGateTckTest.gated(CommitGate.of(0, Duration.ZERO),
                        provider.sink.asFlux().doOnCancel(provider.cancels::incrementAndGet))
                .subscribe(consumer);
        return consumer;
    }

    private static List<String> allChunks() {
        return IntStream.range(0, CHUNKS).mapToObj(i -> "c" + i).toList();
    }

    @Test
    void chunksArrivingWhileTheConsumerAsksOneAtATimeAreDeliveredOnceInOrder() {
        for (int run = 0; run < RUNS; run++) {
            Provider provider = new Provider();
            Consumer consumer = subscribe(provider);

            RaceTestUtils.race(raceThreads, provider::emitAll, () -> {
                for (int i = 0; i < CHUNKS; i++) {
                    consumer.request(1);
                }
            });

            assertThat(consumer.texts).isEqualTo(allChunks());
            assertThat(consumer.terminals).hasValue(1);
            assertThat(consumer.isDisposed()).isTrue();
        }
    }

    @Test
    void chunksArrivingWhileTheConsumerAsksForEverythingAreDeliveredOnceInOrder() {
        for (int run = 0; run < RUNS; run++) {
            Provider provider = new Provider();
            Consumer consumer = subscribe(provider);

            RaceTestUtils.race(raceThreads, provider::emitAll, consumer::requestUnbounded);

            assertThat(consumer.texts).as("the gate asks again after each batch").isEqualTo(allChunks());
            assertThat(consumer.terminals).hasValue(1);
        }
    }

    @Test
    void aCancelCrossingTheProvidersChunksEndsTheStreamWithoutATerminalSignal() {
        for (int run = 0; run < RUNS; run++) {
            Provider provider = new Provider();
            Consumer consumer = subscribe(provider);
            consumer.request(CHUNKS / 2);

            RaceTestUtils.race(raceThreads, provider::emitAll, consumer::cancel);

            assertThat(consumer.texts).hasSizeLessThanOrEqualTo(CHUNKS / 2)
                    .isEqualTo(allChunks().subList(0, consumer.texts.size()));
            assertThat(consumer.terminals).hasValue(0);
            assertThat(provider.cancels).hasValue(1);
        }
    }
}
