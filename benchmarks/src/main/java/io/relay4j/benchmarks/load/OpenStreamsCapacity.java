package io.relay4j.benchmarks.load;

import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.providers.openai.OpenAiProvider;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * How many concurrent streams the router holds open, and the heap they take: the simulator (in its own JVM)
 * streams one token every 2 s; this JVM opens {@code --streams} streams through {@code LlmRouter.stream} over
 * one {@code OpenAiProvider} (one connection each), ramped over {@code --ramp} seconds, holds them for
 * {@code --hold} seconds, then checks that every stream is still open and received a token within the last
 * two token intervals, and reads the heap in use after a full GC (MemoryMXBean) against the same reading
 * before the first stream. Then it cancels them all.
 *
 * <pre>
 * java -Xmx256m -cp benchmarks.jar io.relay4j.benchmarks.load.OpenStreamsCapacity [--streams 10000]
 *      [--ramp 10] [--hold 15] [--port 18111]
 * </pre>
 */
public final class OpenStreamsCapacity {

    private static final long TOKEN_INTERVAL_NANOS = 2_000_000_000L;

    private OpenStreamsCapacity() {
    }

    public static void main(String[] args) throws Exception {
        HarnessArgs options = HarnessArgs.parse(args, Set.of("--streams", "--ramp", "--hold", "--port"));
        int streams = options.integer("--streams", 10_000);
        int ramp = options.integer("--ramp", 10);
        int hold = options.integer("--hold", 15);
        int port = options.integer("--port", 18111);
        try (SimulatorProcess simulator = SimulatorProcess.start("768m", port + ":slowstream")) {
            OpenAiProvider provider = OpenAiProvider.builder().name("openai").apiKey("sk-sim").model("gpt-4o-mini")
                    .baseUrl(simulator.baseUrls().get(0)).maxConnections(streams + 16).build();
            LlmRouter router = LlmRouter.builder().provider(provider).build();
            LlmRequest request = LlmRequest.builder().user("Tell a long story, slowly.").maxTokens(1000).build();

            long heapBefore = heapAfterGc();
            HeldStreams held = new HeldStreams(streams);
            long rampStart = System.nanoTime();
            int perTick = Math.max(1, streams / (ramp * 10));
            for (int opened = 0; opened < streams; ) {
                for (int k = 0; k < perTick && opened < streams; k++, opened++) {
                    router.stream(request).subscribe(held.subscriber(opened));
                }
                Thread.sleep(100);
            }
            System.out.printf(Locale.ROOT, "opened %d streams in %.1f s%n", streams, (System.nanoTime() - rampStart) / 1e9);

            long holdEnd = System.nanoTime() + hold * 1_000_000_000L;
            while (System.nanoTime() < holdEnd) {
                Thread.sleep(1000);
                System.out.printf(Locale.ROOT, "  open %d, with a token %d, ended %d, failed %d, load average %s%n",
                        held.open(), held.withAToken(), held.completed.get(), held.failed.get(), LoadAverage.now());
            }
            int alive = held.aliveWithin(2 * TOKEN_INTERVAL_NANOS + 500_000_000L);
            long heapHolding = heapAfterGc();
            long direct = directMemoryInUse();
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();

            MarkdownTable.print(List.of("streams opened", "still open", "token in the last 4.5 s", "failed",
                    "ended early", "heap after GC before (MiB)", "heap after GC holding (MiB)", "heap per stream (KiB)",
                    "direct memory (MiB)", "threads"), List.of(String.format(Locale.ROOT,
                    "| %,d | %,d | %,d | %d | %d | %.1f | %.1f | %.1f | %.1f | %d |", streams, held.open(), alive,
                    held.failed.get(), held.completed.get(), heapBefore / 1048576.0, heapHolding / 1048576.0,
                    (heapHolding - heapBefore) / 1024.0 / streams, direct / 1048576.0, threads)));
            Throwable firstError = held.firstError.get();
            if (firstError != null) {
                System.out.println("first failure: " + firstError.getClass().getSimpleName() + ": " + firstError.getMessage());
            }
            held.cancelAll();
            Thread.sleep(2000);
            provider.close();
        }
    }

    /** Netty's own count of the direct memory it allocated, plus the JDK's direct buffers. */
    private static long directMemoryInUse() {
        long netty = Math.max(0, PlatformDependent.usedDirectMemory());
        long jdk = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return netty + jdk;
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Every stream's subscriber and what it has seen. */
    private static final class HeldStreams {
        final AtomicLong completed = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<Throwable> firstError = new AtomicReference<>();
        private final AtomicLongArray lastTokenAt;
        private final BaseSubscriber<?>[] subscribers;

        HeldStreams(int streams) {
            lastTokenAt = new AtomicLongArray(streams);
            subscribers = new BaseSubscriber<?>[streams];
        }

        BaseSubscriber<LlmChunk> subscriber(int index) {
            BaseSubscriber<LlmChunk> subscriber = new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(Subscription subscription) {
                    subscription.request(Long.MAX_VALUE);
                }

                @Override
                protected void hookOnNext(LlmChunk chunk) {
                    lastTokenAt.set(index, System.nanoTime());
                }

                @Override
                protected void hookOnComplete() {
                    completed.incrementAndGet();
                }

                @Override
                protected void hookOnError(Throwable error) {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, error);
                }
            };
            subscribers[index] = subscriber;
            return subscriber;
        }

        long open() {
            long open = 0;
            for (BaseSubscriber<?> subscriber : subscribers) {
                if (subscriber != null && !subscriber.isDisposed()) {
                    open++;
                }
            }
            return open;
        }

        long withAToken() {
            long with = 0;
            for (int i = 0; i < lastTokenAt.length(); i++) {
                if (lastTokenAt.get(i) != 0) {
                    with++;
                }
            }
            return with;
        }

        int aliveWithin(long windowNanos) {
            long since = System.nanoTime() - windowNanos;
            int alive = 0;
            for (int i = 0; i < lastTokenAt.length(); i++) {
                if (lastTokenAt.get(i) >= since && !subscribers[i].isDisposed()) {
                    alive++;
                }
            }
            return alive;
        }

        void cancelAll() {
            for (BaseSubscriber<?> subscriber : subscribers) {
                subscriber.dispose();
            }
        }
    }
}
