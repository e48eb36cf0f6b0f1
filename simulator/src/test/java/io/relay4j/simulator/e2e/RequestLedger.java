package io.relay4j.simulator.e2e;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.error.AllProvidersFailed;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Counts the signals of numbered requests, so that a request answered twice, or never, shows up; and tallies
 * the attempts each answer or {@link AllProvidersFailed} reports. A stream's answer is its last chunk; its
 * terminal signal (completion or error) is counted apart, so a stream that ends twice, or whose last chunk is
 * not its end, shows up too. Thread-safe.
 */
final class RequestLedger {

    private final AtomicIntegerArray answers;
    private final AtomicIntegerArray errors;
    private final AtomicIntegerArray terminals;
    private final LongAdder emptyStreams = new LongAdder();
    private final LongAdder resumedStreams = new LongAdder();
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> servedBy = new ConcurrentHashMap<>();
    private final AttemptTally attempts = new AttemptTally();

    RequestLedger(int requests) {
        this.answers = new AtomicIntegerArray(requests);
        this.errors = new AtomicIntegerArray(requests);
        this.terminals = new AtomicIntegerArray(requests);
    }

    /** Records every answer and error of request number {@code request}; completes when the call ends, either way. */
    Mono<Void> track(int request, Mono<LlmResponse> call) {
        return recordEnd(request, call.doOnNext(response -> answered(request, response.provider(),
                response.attempts()))).then();
    }

    /**
     * Records the last chunk and the end of stream number {@code request}, and whether its text was empty or
     * continued on another provider; completes when the stream ends, either way.
     */
    Mono<Void> trackStream(int request, Flux<LlmChunk> stream) {
        StringBuilder text = new StringBuilder();
        return recordEnd(request, stream.doOnNext(chunk -> {
            text.append(chunk.text());
            if (chunk.isLast()) {
                answered(request, chunk.provider().orElse("?"), chunk.attempts());
                if (text.isEmpty()) {
                    emptyStreams.increment();
                }
                if (chunk.attempts().stream().anyMatch(attempt -> attempt.kind() == Attempt.Kind.RESUME)) {
                    resumedStreams.increment();
                }
            }
        })).then();
    }

    private void answered(int request, String provider, List<Attempt> answerAttempts) {
        answers.incrementAndGet(request);
        servedBy.computeIfAbsent(provider, p -> new LongAdder()).increment();
        attempts.add(answerAttempts);
    }

    private <T> Flux<T> recordEnd(int request, Publisher<T> call) {
        return Flux.from(call)
                .doOnComplete(() -> terminals.incrementAndGet(request))
                .doOnError(error -> {
                    terminals.incrementAndGet(request);
                    errors.incrementAndGet(request);
                    failures.add(error);
                    if (error instanceof AllProvidersFailed all) {
                        attempts.add(all.attempts());
                    }
                })
                .onErrorResume(error -> Mono.empty());
    }

    /** Requests that got no terminal signal, or ended without an answer or an error. */
    int lost() {
        int lost = 0;
        for (int i = 0; i < answers.length(); i++) {
            lost += terminals.get(i) == 0 || answers.get(i) + errors.get(i) == 0 ? 1 : 0;
        }
        return lost;
    }

    /** Requests that got more than one signal. */
    int duplicated() {
        int duplicated = 0;
        for (int i = 0; i < answers.length(); i++) {
            duplicated += answers.get(i) + errors.get(i) > 1 || terminals.get(i) > 1 ? 1 : 0;
        }
        return duplicated;
    }

    /** Requests answered exactly once, ended exactly once and never failed. */
    int answered() {
        int count = 0;
        for (int i = 0; i < answers.length(); i++) {
            count += answers.get(i) == 1 && errors.get(i) == 0 && terminals.get(i) == 1 ? 1 : 0;
        }
        return count;
    }

    /** Streams whose answer had no text at all. */
    long emptyStreams() {
        return emptyStreams.sum();
    }

    /** Streams whose answer reports a {@link Attempt.Kind#RESUME} attempt. */
    long resumedStreams() {
        return resumedStreams.sum();
    }

    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** Answers per serving provider. */
    Map<String, Long> servedBy() {
        Map<String, Long> served = new TreeMap<>();
        servedBy.forEach((name, count) -> served.put(name, count.sum()));
        return served;
    }

    AttemptTally attempts() {
        return attempts;
    }
}
