package io.relay4j.simulator;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long the simulator waits before the first response byte. Immutable; every sample is drawn from the
 * generator passed in, so a seeded {@link Behaviour} gives the same delays for the same request sequence.
 */
public sealed interface LatencyDistribution {

    /** A delay drawn from this distribution; never negative. */
    Duration sample(RandomGenerator random);

    /** No delay at all: the answer starts as soon as the request body has arrived. */
    static LatencyDistribution none() {
        return Fixed.ZERO;
    }

    /** Always {@code delay}. */
    static LatencyDistribution fixed(Duration delay) {
        return new Fixed(delay);
    }

    /** Uniform between {@code min} (inclusive) and {@code max} (exclusive, or exactly {@code min} when equal). */
    static LatencyDistribution uniform(Duration min, Duration max) {
        return new Uniform(min, max);
    }

    /**
     * Log-normal around {@code median}: {@code median * exp(sigma * N(0,1))}. A sigma of 0.5 gives a p99 of about
     * 3.2 times the median, a typical shape for LLM time to first token.
     */
    static LatencyDistribution logNormal(Duration median, double sigma) {
        return new LogNormal(median, sigma);
    }

    /**
     * A mixture: with probability {@code tailProbability} a sample of {@code tail}, otherwise one of
     * {@code body}. For example 95% around 100 ms and 5% around 2 s.
     */
    static LatencyDistribution heavyTail(LatencyDistribution body, LatencyDistribution tail, double tailProbability) {
        return new HeavyTail(body, tail, tailProbability);
    }

    /** A mixture of two log-normals (sigma 0.25) around {@code typical} and {@code slow}. */
    static LatencyDistribution heavyTail(Duration typical, Duration slow, double slowProbability) {
        return new HeavyTail(logNormal(typical, 0.25), logNormal(slow, 0.25), slowProbability);
    }

    /** Always the same delay. */
    record Fixed(Duration delay) implements LatencyDistribution {
        static final Fixed ZERO = new Fixed(Duration.ZERO);

        public Fixed {
            requireNonNegative(delay, "delay");
        }

        @Override
        public Duration sample(RandomGenerator random) {
            return delay;
        }
    }

    /** Uniform between two bounds. */
    record Uniform(Duration min, Duration max) implements LatencyDistribution {
        public Uniform {
            requireNonNegative(min, "min");
            requireNonNegative(max, "max");
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("uniform latency needs min <= max, got min " + min + " and max " + max);
            }
        }

        @Override
        public Duration sample(RandomGenerator random) {
            long span = max.toNanos() - min.toNanos();
            return span == 0 ? min : min.plusNanos(random.nextLong(span));
        }
    }

    /** Log-normal around a median. */
    record LogNormal(Duration median, double sigma) implements LatencyDistribution {
        public LogNormal {
            requireNonNegative(median, "median");
            if (!(sigma >= 0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("log-normal sigma must be a finite number >= 0, got " + sigma);
            }
        }

        @Override
        public Duration sample(RandomGenerator random) {
            double factor = Math.exp(sigma * random.nextGaussian());
            return Duration.ofNanos((long) Math.min(Long.MAX_VALUE / 2.0, median.toNanos() * factor));
        }
    }

    /** A two-part mixture: mostly {@code body}, sometimes {@code tail}. */
    record HeavyTail(LatencyDistribution body, LatencyDistribution tail, double tailProbability)
            implements LatencyDistribution {
        public HeavyTail {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(tail, "tail");
            if (!(tailProbability >= 0 && tailProbability <= 1)) {
                throw new IllegalArgumentException("tailProbability must be between 0 and 1, got " + tailProbability);
            }
        }

        @Override
        public Duration sample(RandomGenerator random) {
            return random.nextDouble() < tailProbability ? tail.sample(random) : body.sample(random);
        }
    }

    private static void requireNonNegative(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }
}
