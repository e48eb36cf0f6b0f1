package io.relay4j.simulator.e2e;

import io.relay4j.core.Attempt;
import io.relay4j.core.error.ErrorType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Attempts of many requests counted per provider, outcome and error type; thread-safe. */
final class AttemptTally {

    private final Map<String, Map<Attempt.Outcome, LongAdder>> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Map<ErrorType, LongAdder>> errors = new ConcurrentHashMap<>();
    private final Map<Attempt.Kind, LongAdder> kinds = new ConcurrentHashMap<>();

    private final AtomicLong slowestSuccess = new AtomicLong();

    void add(List<Attempt> attempts) {
        for (Attempt attempt : attempts) {
            outcomes.computeIfAbsent(attempt.provider(), p -> new ConcurrentHashMap<>())
                    .computeIfAbsent(attempt.outcome(), o -> new LongAdder()).increment();
            attempt.errorType().ifPresent(type -> errors.computeIfAbsent(attempt.provider(),
                    p -> new ConcurrentHashMap<>()).computeIfAbsent(type, t -> new LongAdder()).increment());
            if (attempt.outcome() == Attempt.Outcome.SUCCESS) {
                slowestSuccess.accumulateAndGet(attempt.latency().toMillis(), Math::max);
            }
            if (attempt.outcome() != Attempt.Outcome.SKIPPED) {
                kinds.computeIfAbsent(attempt.kind(), k -> new LongAdder()).increment();
            }
        }
    }

    long count(String provider, Attempt.Outcome outcome) {
        LongAdder adder = outcomes.getOrDefault(provider, Map.of()).get(outcome);
        return adder == null ? 0 : adder.sum();
    }

    /** Attempts that made a call (every outcome but a skip). */
    long calls(String provider) {
        return count(provider, Attempt.Outcome.SUCCESS) + count(provider, Attempt.Outcome.FAILED)
                + count(provider, Attempt.Outcome.CANCELLED);
    }

    /** Failed attempts of {@code provider} by error type (absent types are not listed). */
    Map<ErrorType, Long> errors(String provider) {
        Map<ErrorType, Long> counts = new EnumMap<>(ErrorType.class);
        errors.getOrDefault(provider, Map.of()).forEach((type, adder) -> counts.put(type, adder.sum()));
        return counts;
    }

    /** The longest call that succeeded. */
    Duration slowestSuccess() {
        return Duration.ofMillis(slowestSuccess.get());
    }

    /** Calls made by kind: first choices, in-place retries, fallbacks. */
    Map<Attempt.Kind, Long> callsByKind() {
        Map<Attempt.Kind, Long> counts = new TreeMap<>();
        kinds.forEach((kind, adder) -> counts.put(kind, adder.sum()));
        return counts;
    }
}
