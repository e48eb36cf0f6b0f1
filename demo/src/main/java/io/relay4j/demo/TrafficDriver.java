package io.relay4j.demo;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.error.LlmException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends steady open-loop traffic through the router (a request every 1/rate seconds, whatever the
 * answers do) and records each finished request. Streaming and whole-answer requests are mixed, and a share of the
 * requests are tool-using agent conversations ({@link AgentConversation}: ask with a tool, run it, send the result,
 * get the answer), recorded as one sample each.
 */
final class TrafficDriver {

    private static final String[] CITIES = {"Lisbon", "Oslo", "Nairobi", "Osaka", "Lima"};
    private static final String[] QUESTIONS = {
        "Explain pod affinity in one sentence.",
        "What does a circuit breaker protect?",
        "Summarise the CAP theorem for a new engineer.",
        "Why do retries need jitter?",
    };

    private final LlmRouter router;
    private final TrafficRecorder recorder;
    private final double streamShare;
    private final double agentShare;
    private final AgentConversation agent;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, LongAdder> failuresByType = new ConcurrentHashMap<>();
    private final LongAdder started = new LongAdder();

    TrafficDriver(LlmRouter router, TrafficRecorder recorder, double streamShare, double agentShare) {
        this.router = router;
        this.recorder = recorder;
        this.streamShare = streamShare;
        this.agentShare = agentShare;
        this.agent = new AgentConversation(router);
    }

    /** Starts the traffic; it stops by itself after {@code duration}. */
    Disposable start(int ratePerSecond, Duration duration) {
        Duration period = Duration.ofNanos(1_000_000_000L / ratePerSecond);
        long total = duration.toNanos() / period.toNanos();
        return Flux.interval(period)
                .take(total)
                .flatMap(i -> oneRequest(i).onErrorResume(e -> Mono.empty()), Integer.MAX_VALUE)
                .subscribe();
    }

    private Mono<Void> oneRequest(long i) {
        boolean stream = (i * 0.6180339887 % 1.0) < streamShare;
        // another low-discrepancy sequence, so agents are spread evenly and independently of streaming
        if ((i * 0.7548776662 % 1.0) < agentShare) {
            return track(agent.run(CITIES[(int) (i % CITIES.length)], stream).map(c -> Outcome.of(c, i)), stream);
        }
        LlmRequest request = LlmRequest.builder()
                .system("Answer briefly.")
                .user(QUESTIONS[(int) (i % QUESTIONS.length)])
                .maxTokens(64)
                .metadata("demo", stream ? "stream" : "generate")
                .build();
        return track(stream ? streamed(request) : whole(request), stream);
    }

    private Mono<Void> track(Mono<Outcome> call, boolean stream) {
        return Mono.defer(() -> {
            started.increment();
            inFlight.incrementAndGet();
            long start = System.nanoTime();
            return call.onErrorResume(e -> Mono.just(Outcome.failed(e)))
                    .doOnNext(outcome -> record(outcome, stream, start))
                    .doFinally(s -> inFlight.decrementAndGet())
                    .then();
        });
    }

    private Mono<Outcome> whole(LlmRequest request) {
        return router.generate(request).map(r -> Outcome.answered(r.provider(), r.attempts(), r.cost()));
    }

    private Mono<Outcome> streamed(LlmRequest request) {
        return router.stream(request)
                .filter(LlmChunk::isLast)
                .next()
                .map(last -> Outcome.answered(last.provider().orElse("?"), last.attempts(), last.cost()))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("stream completed without a last chunk")));
    }

    private void record(Outcome outcome, boolean stream, long startNanos) {
        double millis = (System.nanoTime() - startNanos) / 1e6;
        int hedges = 0;
        boolean failedOver = false;
        for (Attempt a : outcome.attempts()) {
            if (a.isHedge()) {
                hedges++;
            }
            if (a.outcome() != Attempt.Outcome.SUCCESS) {
                failedOver = true;
            }
            a.errorType().ifPresent(t -> failuresByType.computeIfAbsent(t.tag(), k -> new LongAdder()).increment());
        }
        outcome.error().ifPresent(e -> failuresByType
                .computeIfAbsent("final: " + (e instanceof LlmException le ? le.type().tag() : e.getClass().getSimpleName()),
                        k -> new LongAdder()).increment());
        recorder.record(new Sample(outcome.servedBy(), millis, stream, hedges,
                outcome.cost().orElse(BigDecimal.ZERO), failedOver && outcome.servedBy().isPresent(), outcome.agent(),
                outcome.switched(), outcome.move()));
    }

    int inFlight() {
        return inFlight.get();
    }

    long started() {
        return started.sum();
    }

    Map<String, Long> failuresByType() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        failuresByType.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    private record Outcome(Optional<String> servedBy, List<Attempt> attempts, Optional<BigDecimal> cost,
                           Optional<Throwable> error, boolean agent, boolean switched, Optional<String> move) {

        static Outcome answered(String provider, List<Attempt> attempts, Optional<BigDecimal> cost) {
            return new Outcome(Optional.of(provider), attempts, cost, Optional.empty(), false, false, Optional.empty());
        }

        static Outcome failed(Throwable error) {
            List<Attempt> attempts = error instanceof AllProvidersFailed all ? all.attempts() : List.of();
            return new Outcome(Optional.empty(), attempts, Optional.empty(), Optional.of(error), false, false,
                    Optional.empty());
        }

        static Outcome of(AgentConversation.Outcome conversation, long number) {
            return new Outcome(conversation.servedBy(), conversation.attempts(), conversation.cost(),
                    conversation.error(), true, conversation.switchedProvider(), conversation.move(number));
        }
    }
}
