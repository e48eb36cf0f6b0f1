package io.relay4j.benchmarks.hedging;

import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Usage;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An in-process provider with a heavy-tailed latency: most calls take about {@code fast}, a seeded
 * fraction take about {@code slow} (each +-10%). The n-th call's latency depends only on the seed and n,
 * so runs are repeatable in distribution. Cancelling a call cancels its timer; calls and cancellations
 * are counted.
 */
final class HeavyTailProvider implements LlmProvider {

    private final String name;
    private final long seed;
    private final double slowFraction;
    private final Duration fast;
    private final Duration slow;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong cancellations = new AtomicLong();

    HeavyTailProvider(String name, long seed, double slowFraction, Duration fast, Duration slow) {
        this.name = name;
        this.seed = seed;
        this.slowFraction = slowFraction;
        this.fast = fast;
        this.slow = slow;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<LlmResponse> generate(LlmRequest request) {
        return Mono.defer(() -> {
            Duration latency = latencyOf(calls.getAndIncrement());
            return Mono.delay(latency)
                    .map(tick -> LlmResponse.builder().content("answer").provider(name).model("heavy-tail")
                            .usage(Usage.of(20, 10)).latency(latency).finishReason(FinishReason.STOP).build())
                    .doOnCancel(cancellations::incrementAndGet);
        });
    }

    @Override
    public Flux<LlmChunk> stream(LlmRequest request) {
        return generate(request).flatMapMany(r -> Flux.just(LlmChunk.text(r.content()),
                LlmChunk.last("", FinishReason.STOP, r.usage(), r.model())));
    }

    long calls() {
        return calls.get();
    }

    long cancellations() {
        return cancellations.get();
    }

    private Duration latencyOf(long call) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + call);
        Duration base = random.nextDouble() < slowFraction ? slow : fast;
        double jitter = 0.9 + 0.2 * random.nextDouble();
        return Duration.ofNanos((long) (base.toNanos() * jitter));
    }
}
