package io.relay4j.simulator;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a {@link SimulatorServer} does with each request: how long it waits before the first byte, how fast it
 * streams, how long its answers are, and which faults it injects (at a rate and/or on a {@link FaultSchedule}).
 * Immutable and thread-safe; build it once and install it with {@link SimulatorServer#setBehaviour}.
 *
 * <p>With a {@link Builder#seed(long) seed}, request {@code n} after installation always gets the same fault
 * decision, latency and text, whatever the concurrency. Without one, a random seed is picked at installation.
 */
public final class Behaviour {

    /** Answer length when none is set: 20 words, each counted as one output token. */
    public static final int DEFAULT_ANSWER_TOKENS = 20;
    /** Tokens sent before a mid-stream fault when none is set. */
    public static final int DEFAULT_FAULT_AFTER_TOKENS = 3;
    /** {@code retry-after} of a simulated 429 when none is set. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

    private static final Behaviour HEALTHY = builder().build();

    private final LatencyDistribution latency;
    private final Duration tokenDelay;
    private final int answerTokens;
    private final Map<Fault, Double> faultRates;
    private final FaultSchedule schedule;
    private final Duration retryAfter;
    private final int faultAfterTokens;
    private final OptionalLong seed;
    private final ToolCallShape toolCallShape;
    private final OptionalInt requestsPerSecond;

    private Behaviour(Builder builder) {
        this.latency = builder.latency;
        this.tokenDelay = builder.tokenDelay;
        this.answerTokens = builder.answerTokens;
        this.faultRates = Collections.unmodifiableMap(new EnumMap<>(builder.faultRates));
        this.schedule = builder.schedule;
        this.retryAfter = builder.retryAfter;
        this.faultAfterTokens = builder.faultAfterTokens;
        this.seed = builder.seed;
        this.toolCallShape = builder.toolCallShape;
        this.requestsPerSecond = builder.requestsPerSecond;
    }

    /** Answers every request at once, with {@value #DEFAULT_ANSWER_TOKENS} words and no faults. */
    public static Behaviour healthy() {
        return HEALTHY;
    }

    /** Injects {@code fault} into every request. */
    public static Behaviour always(Fault fault) {
        return builder().faultRate(fault, 1.0).build();
    }

    /** A builder starting from the healthy defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this behaviour's values. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.latency = latency;
        builder.tokenDelay = tokenDelay;
        builder.answerTokens = answerTokens;
        builder.faultRates.putAll(faultRates);
        builder.schedule = schedule;
        builder.retryAfter = retryAfter;
        builder.faultAfterTokens = faultAfterTokens;
        builder.seed = seed;
        builder.toolCallShape = toolCallShape;
        builder.requestsPerSecond = requestsPerSecond;
        return builder;
    }

    /** Delay before the first response byte. */
    public LatencyDistribution latency() {
        return latency;
    }

    /** Delay before each streamed token. */
    public Duration tokenDelay() {
        return tokenDelay;
    }

    /** Words per answer (fewer when the request's max tokens is lower; the finish reason then says so). */
    public int answerTokens() {
        return answerTokens;
    }

    /** Probability per request of each fault; the sum is at most 1. */
    public Map<Fault, Double> faultRates() {
        return faultRates;
    }

    /** Faults by time or request index; a scheduled fault takes precedence over the rates. */
    public FaultSchedule schedule() {
        return schedule;
    }

    /** What a simulated 429 asks the client to wait. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Tokens a stream sends before a mid-stream fault (stall, in-stream error, broken event, truncation). */
    public int faultAfterTokens() {
        return faultAfterTokens;
    }

    /** The seed of all pseudo-random choices, if fixed. */
    public OptionalLong seed() {
        return seed;
    }

    /**
     * How a request that declares tools is answered when its last turn is the user's, unless its last user message
     * carries another shape's {@link ToolCallShape#marker() marker}.
     */
    public ToolCallShape toolCallShape() {
        return toolCallShape;
    }

    /**
     * The most requests per wall-clock second the server accepts, if limited: a request beyond it in the same
     * second gets {@link Fault#RATE_LIMIT_429}, as a vendor's rate window would answer it.
     */
    public OptionalInt requestsPerSecond() {
        return requestsPerSecond;
    }

    @Override
    public String toString() {
        return "Behaviour[latency=" + latency + ", tokenDelay=" + tokenDelay + ", answerTokens=" + answerTokens
                + ", faultRates=" + faultRates + ", schedule=" + schedule + ", retryAfter=" + retryAfter
                + ", faultAfterTokens=" + faultAfterTokens + ", seed=" + seed + ", toolCallShape=" + toolCallShape
                + ", requestsPerSecond=" + requestsPerSecond + "]";
    }

    /** Collects a behaviour; {@link #build()} checks the values. Not thread-safe. */
    public static final class Builder {
        private LatencyDistribution latency = LatencyDistribution.none();
        private Duration tokenDelay = Duration.ZERO;
        private int answerTokens = DEFAULT_ANSWER_TOKENS;
        private final Map<Fault, Double> faultRates = new EnumMap<>(Fault.class);
        private FaultSchedule schedule = FaultSchedule.none();
        private Duration retryAfter = DEFAULT_RETRY_AFTER;
        private int faultAfterTokens = DEFAULT_FAULT_AFTER_TOKENS;
        private OptionalLong seed = OptionalLong.empty();
        private ToolCallShape toolCallShape = ToolCallShape.SINGLE;
        private OptionalInt requestsPerSecond = OptionalInt.empty();

        private Builder() {
        }

        /**
         * Accept at most {@code limit} (at least 1) requests per wall-clock second and answer the rest of that
         * second with {@link Fault#RATE_LIMIT_429} (a throttle above a fixed rate); a scheduled fault comes first.
         * Unlimited by default.
         */
        public Builder requestsPerSecond(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("requestsPerSecond must be at least 1, got " + limit);
            }
            this.requestsPerSecond = OptionalInt.of(limit);
            return this;
        }

        /** Delay before the first response byte; default none. */
        public Builder latency(LatencyDistribution latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        /** Delay before each streamed token; default zero. */
        public Builder tokenDelay(Duration tokenDelay) {
            this.tokenDelay = Objects.requireNonNull(tokenDelay, "tokenDelay");
            return this;
        }

        /** Words per answer, at least 1; default {@value Behaviour#DEFAULT_ANSWER_TOKENS}. */
        public Builder answerTokens(int answerTokens) {
            this.answerTokens = answerTokens;
            return this;
        }

        /** Inject {@code fault} into this fraction of requests (0 to 1); 0 removes it. */
        public Builder faultRate(Fault fault, double probability) {
            Objects.requireNonNull(fault, "fault");
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("fault rate of " + fault + " must be between 0 and 1, got " + probability);
            }
            if (probability == 0) {
                faultRates.remove(fault);
            } else {
                faultRates.put(fault, probability);
            }
            return this;
        }

        /** Removes every fault rate. */
        public Builder noFaultRates() {
            faultRates.clear();
            return this;
        }

        /** Faults by time or request index; default none. */
        public Builder schedule(FaultSchedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /** What a simulated 429 asks the client to wait (sent rounded up to whole seconds); default 1 s. */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
            return this;
        }

        /** Tokens sent before a mid-stream fault, at least 0; default {@value Behaviour#DEFAULT_FAULT_AFTER_TOKENS}. */
        public Builder faultAfterTokens(int faultAfterTokens) {
            this.faultAfterTokens = faultAfterTokens;
            return this;
        }

        /** Makes fault decisions, latencies and texts reproducible. */
        public Builder seed(long seed) {
            this.seed = OptionalLong.of(seed);
            return this;
        }

        /**
         * How a request that declares tools is answered when its last turn is the user's; default
         * {@link ToolCallShape#SINGLE}. A request overrides it with a shape's {@link ToolCallShape#marker() marker}.
         */
        public Builder toolCallShape(ToolCallShape toolCallShape) {
            this.toolCallShape = Objects.requireNonNull(toolCallShape, "toolCallShape");
            return this;
        }

        /** The immutable behaviour; throws {@link IllegalArgumentException} saying which value to fix. */
        public Behaviour build() {
            if (tokenDelay.isNegative()) {
                throw new IllegalArgumentException("tokenDelay must not be negative, got " + tokenDelay);
            }
            if (answerTokens < 1) {
                throw new IllegalArgumentException("answerTokens must be at least 1, got " + answerTokens);
            }
            if (faultAfterTokens < 0) {
                throw new IllegalArgumentException("faultAfterTokens must not be negative, got " + faultAfterTokens);
            }
            if (retryAfter.isNegative() || retryAfter.isZero()) {
                throw new IllegalArgumentException("retryAfter must be positive, got " + retryAfter);
            }
            double total = faultRates.values().stream().mapToDouble(Double::doubleValue).sum();
            if (total > 1.0 + 1e-9) {
                throw new IllegalArgumentException("fault rates add up to " + total + ", more than 1: lower some of " + faultRates);
            }
            return new Behaviour(this);
        }
    }
}
