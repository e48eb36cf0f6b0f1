package io.relay4j.simulator.e2e;

import io.relay4j.core.Attempt;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.Timeout;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Attempts of many requests counted per provider, outcome and error type, with what a failed count needs to
 * be diagnosed from a build log alone: each outcome's latencies (a coarse histogram and the longest) and
 * each timeout's deadline kind and shortest latency; thread-safe.
 */
final class AttemptTally {

    /** Upper bounds of the latency histogram's buckets, in milliseconds; the last bucket is unbounded. */
    private static final long[] BUCKET_LIMITS_MILLIS = {100, 1_000, 2_000, 5_000, 10_000};

    private final Map<String, ProviderTally> providers = new ConcurrentHashMap<>();
    private final Map<Attempt.Kind, LongAdder> kinds = new ConcurrentHashMap<>();
    private final AtomicLong slowestSuccess = new AtomicLong();

    void add(List<Attempt> attempts) {
        for (Attempt attempt : attempts) {
            providers.computeIfAbsent(attempt.provider(), p -> new ProviderTally()).add(attempt);
            if (attempt.outcome() == Attempt.Outcome.SUCCESS) {
                slowestSuccess.accumulateAndGet(attempt.latency().toMillis(), Math::max);
            }
            if (attempt.outcome() != Attempt.Outcome.SKIPPED) {
                kinds.computeIfAbsent(attempt.kind(), k -> new LongAdder()).increment();
            }
        }
    }

    private ProviderTally of(String provider) {
        return providers.getOrDefault(provider, ProviderTally.NONE);
    }

    long count(String provider, Attempt.Outcome outcome) {
        LongAdder adder = of(provider).outcomes.get(outcome);
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
        of(provider).errors.forEach((type, adder) -> counts.put(type, adder.sum()));
        return counts;
    }

    /** Failed attempts of {@code provider} that timed out, by which deadline passed. */
    Map<Timeout.Kind, Long> timeouts(String provider) {
        Map<Timeout.Kind, Long> counts = new EnumMap<>(Timeout.Kind.class);
        of(provider).timeouts.forEach((kind, adder) -> counts.put(kind, adder.sum()));
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

    /**
     * {@code provider}'s calls by outcome, each with its latency histogram and longest call; failures by type;
     * timeouts by deadline kind, each with its shortest call (a deadline never fires early, so a timeout
     * shorter than its deadline would be a router bug, and a healthy call close to a deadline a slow machine).
     */
    String breakdown(String provider) {
        ProviderTally tally = of(provider);
        StringBuilder out = new StringBuilder(provider).append(": outcomes={");
        String separator = "";
        for (Attempt.Outcome outcome : Attempt.Outcome.values()) {
            long count = count(provider, outcome);
            if (count > 0) {
                out.append(separator).append(outcome).append('=').append(count);
                Latencies latencies = tally.latencies.get(outcome);
                if (latencies != null && outcome != Attempt.Outcome.SKIPPED) {
                    out.append(' ').append(latencies);
                }
                separator = ", ";
            }
        }
        out.append("} errors=").append(errors(provider)).append(" timeouts={");
        separator = "";
        for (Map.Entry<Timeout.Kind, Long> timeout : timeouts(provider).entrySet()) {
            out.append(separator).append(timeout.getKey()).append('=').append(timeout.getValue())
                    .append(" (shortest ").append(tally.shortestTimeout.get(timeout.getKey()).get()).append(" ms)");
            separator = ", ";
        }
        return out.append('}').toString();
    }

    /** One provider's counts. */
    private static final class ProviderTally {

        static final ProviderTally NONE = new ProviderTally();

        final Map<Attempt.Outcome, LongAdder> outcomes = new ConcurrentHashMap<>();
        final Map<Attempt.Outcome, Latencies> latencies = new ConcurrentHashMap<>();
        final Map<ErrorType, LongAdder> errors = new ConcurrentHashMap<>();
        final Map<Timeout.Kind, LongAdder> timeouts = new ConcurrentHashMap<>();
        final Map<Timeout.Kind, AtomicLong> shortestTimeout = new ConcurrentHashMap<>();

        void add(Attempt attempt) {
            outcomes.computeIfAbsent(attempt.outcome(), o -> new LongAdder()).increment();
            latencies.computeIfAbsent(attempt.outcome(), o -> new Latencies()).add(attempt.latency());
            attempt.errorType().ifPresent(type -> errors.computeIfAbsent(type, t -> new LongAdder()).increment());
            attempt.error().filter(Timeout.class::isInstance).map(error -> ((Timeout) error).kind()).ifPresent(kind -> {
                timeouts.computeIfAbsent(kind, k -> new LongAdder()).increment();
                shortestTimeout.computeIfAbsent(kind, k -> new AtomicLong(Long.MAX_VALUE))
                        .accumulateAndGet(attempt.latency().toMillis(), Math::min);
            });
        }
    }

    /** A coarse latency histogram and the longest latency. */
    private static final class Latencies {

        private final AtomicLongArray buckets = new AtomicLongArray(BUCKET_LIMITS_MILLIS.length + 1);
        private final AtomicLong longest = new AtomicLong();

        void add(Duration latency) {
            long millis = latency.toMillis();
            int bucket = 0;
            while (bucket < BUCKET_LIMITS_MILLIS.length && millis >= BUCKET_LIMITS_MILLIS[bucket]) {
                bucket++;
            }
            buckets.incrementAndGet(bucket);
            longest.accumulateAndGet(millis, Math::max);
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < buckets.length(); i++) {
                out.append(i == 0 ? "" : " ").append(i < BUCKET_LIMITS_MILLIS.length ? "<" + BUCKET_LIMITS_MILLIS[i]
                        : ">=" + BUCKET_LIMITS_MILLIS[i - 1]).append("ms:").append(buckets.get(i));
            }
            return out.append(" longest=").append(longest.get()).append("ms]").toString();
        }
    }
}
