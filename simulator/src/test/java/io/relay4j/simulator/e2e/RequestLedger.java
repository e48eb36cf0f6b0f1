package io.relay4j.simulator.e2e;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.error.AllProvidersFailed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
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
    /** When each request was subscribed ({@link System#nanoTime()}), or {@link #NOT_STARTED}. */
    private final AtomicLongArray started;
    private final LongAdder emptyStreams = new LongAdder();
    private final LongAdder resumedStreams = new LongAdder();
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> servedBy = new ConcurrentHashMap<>();
    private final AttemptTally attempts = new AttemptTally();

    RequestLedger(int requests) {
        this.answers = new AtomicIntegerArray(requests);
        this.errors = new AtomicIntegerArray(requests);
        this.terminals = new AtomicIntegerArray(requests);
        this.started = new AtomicLongArray(requests);
        for (int i = 0; i < requests; i++) {
            started.set(i, NOT_STARTED);
        }
    }

    private static final long NOT_STARTED = Long.MIN_VALUE;

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
                .doOnSubscribe(subscription -> started.set(request, System.nanoTime()))
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

    /**
     * What became of the requests that got no terminal signal (see {@link #lost()}): never started (the run was
     * cut before their turn), or started and still open, with the longest time one has been open. A request
     * open for longer than the router's request deadline hangs; any other was only cut by a slow run.
     */
    String unfinished() {
        long now = System.nanoTime();
        int notStarted = 0;
        int open = 0;
        long longestOpen = 0;
        for (int i = 0; i < terminals.length(); i++) {
            if (terminals.get(i) == 0) {
                long since = started.get(i);
                if (since == NOT_STARTED) {
                    notStarted++;
                } else {
                    open++;
                    longestOpen = Math.max(longestOpen, now - since);
                }
            }
        }
        return String.format("unfinished: %d never started, %d open (the longest for %d ms)", notStarted, open,
                Duration.ofNanos(longestOpen).toMillis());
    }

    /** How long the request open for the longest time has been open so far, in nanoseconds; 0 if none is. */
    long longestOpen() {
        long now = System.nanoTime();
        long longest = 0;
        for (int i = 0; i < terminals.length(); i++) {
            long since = started.get(i);
            if (since != NOT_STARTED && terminals.get(i) == 0) {
                longest = Math.max(longest, now - since);
            }
        }
        return longest;
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
