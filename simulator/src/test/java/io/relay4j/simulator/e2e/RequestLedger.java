package io.relay4j.simulator.e2e;

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
import reactor.core.publisher.Mono;

/**
 * Counts the signals of numbered requests, so that a request answered twice, or never, shows up; and tallies
 * the attempts each answer or {@link AllProvidersFailed} reports. Thread-safe.
 */
final class RequestLedger {

    private final AtomicIntegerArray answers;
    private final AtomicIntegerArray errors;
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> servedBy = new ConcurrentHashMap<>();
    private final AttemptTally attempts = new AttemptTally();

    RequestLedger(int requests) {
        this.answers = new AtomicIntegerArray(requests);
        this.errors = new AtomicIntegerArray(requests);
    }

    /** Records every answer and error of request number {@code request}; completes when the call ends, either way. */
    Mono<Void> track(int request, Mono<LlmResponse> call) {
        return call.doOnNext(response -> {
                    answers.incrementAndGet(request);
                    servedBy.computeIfAbsent(response.provider(), p -> new LongAdder()).increment();
                    attempts.add(response.attempts());
                })
                .doOnError(error -> {
                    errors.incrementAndGet(request);
                    failures.add(error);
                    if (error instanceof AllProvidersFailed all) {
                        attempts.add(all.attempts());
                    }
                })
                .onErrorResume(error -> Mono.empty())
                .then();
    }

    /** Requests that got neither an answer nor an error. */
    int lost() {
        return countWhere(0, 0);
    }

    /** Requests that got more than one signal. */
    int duplicated() {
        int duplicated = 0;
        for (int i = 0; i < answers.length(); i++) {
            duplicated += answers.get(i) + errors.get(i) > 1 ? 1 : 0;
        }
        return duplicated;
    }

    /** Requests answered exactly once and never failed. */
    int answered() {
        return countWhere(1, 0);
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

    private int countWhere(int answerCount, int errorCount) {
        int count = 0;
        for (int i = 0; i < answers.length(); i++) {
            count += answers.get(i) == answerCount && errors.get(i) == errorCount ? 1 : 0;
        }
        return count;
    }
}
