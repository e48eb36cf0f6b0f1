package io.relay4j.core.router;

import io.relay4j.core.internal.router.Checks;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the router streams: where the commit point lies, whether an interrupted stream resumes on
 * another provider, and the timeouts of each streaming attempt. Immutable and thread-safe; build one
 * with {@link #builder()}, or start from {@link #DEFAULT} with {@link #toBuilder()}.
 *
 * <p><b>Commit point.</b> Until a stream passes its commit point nothing reaches the consumer, so a
 * failure may still fall over to the next provider invisibly. By default the commit point is the
 * first text token. {@link Builder#holdBackChars(int)} moves it to the point where at least that many
 * characters have arrived; {@link Builder#holdBack(Duration)} to the point where that much time has
 * passed since the first text token. When both are set the text is held until both are reached. A
 * stream that ends before its commit point commits at its end. While holding back for time, the
 * router reads at most {@value #TIME_HOLD_BACK_BUFFER_CHARS} characters (or the character hold-back,
 * if larger) and then pauses the provider's stream until the time has passed, so memory stays bounded.
 *
 * <p><b>After the commit point</b> a failure ends the stream with a
 * {@link io.relay4j.core.error.StreamInterrupted} that carries the text already emitted, unless
 * {@linkplain Builder#resume(boolean) resume} is on: then the router continues the answer on the
 * next provider and emits only the new text.
 *
 * <p><b>Timeouts</b> apply to each attempt: the first text token, the silence between two chunks
 * while the consumer is waiting for more, and the attempt as a whole. Each may be set per provider
 * name. A passed deadline fails the attempt with {@link io.relay4j.core.error.Timeout} and cancels
 * the provider's stream.
 */
public final class StreamConfig {

    /** The most characters read ahead while holding back for time only. */
    public static final int TIME_HOLD_BACK_BUFFER_CHARS = 16_384;

    /** By default at most 64 Ki characters of a stream's delivered text are kept (see {@link #maxPartialChars()}). */
    public static final int DEFAULT_MAX_PARTIAL_CHARS = 65_536;

    /** Commit at the first text token, no resume, default timeouts. */
    public static final StreamConfig DEFAULT = builder().build();

    private final int holdBackChars;
    private final Duration holdBack;
    private final boolean resume;
    private final int maxPartialChars;
    private final Timeouts timeouts;
    private final Map<String, Timeouts> perProvider;

    private StreamConfig(Builder b) {
        this.holdBackChars = b.holdBackChars;
        this.holdBack = b.holdBack;
        this.resume = b.resume;
        this.maxPartialChars = b.maxPartialChars;
        this.timeouts = b.timeouts;
        this.perProvider = Map.copyOf(b.perProvider);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this configuration, for a variant of it. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.holdBackChars = holdBackChars;
        b.holdBack = holdBack;
        b.resume = resume;
        b.maxPartialChars = maxPartialChars;
        b.timeouts = timeouts;
        b.perProvider.putAll(perProvider);
        return b;
    }

    /** Characters held back before the commit point; 0 commits at the first text token. */
    public int holdBackChars() {
        return holdBackChars;
    }

    /** Time held back after the first text token before the commit point; zero for none. */
    public Duration holdBack() {
        return holdBack;
    }

    /** Whether a stream that fails after its commit point continues on the next provider. */
    public boolean resume() {
        return resume;
    }

    /**
     * The most characters of a stream's delivered text the router keeps: what a resume continues from and what
     * {@link io.relay4j.core.error.StreamInterrupted#partialText()} reports. Past it, only the count is kept:
     * a stream that breaks later ends with {@code StreamInterrupted} carrying the first this-many characters
     * and the full count ({@code deliveredChars()}), even with resume on, since a continuation needs the
     * whole partial answer. Bounds the memory an open stream holds whatever its answer's length.
     */
    public int maxPartialChars() {
        return maxPartialChars;
    }

    /** The timeouts of providers without their own. */
    public Timeouts timeouts() {
        return timeouts;
    }

    /** The timeouts that apply to the provider with this name. */
    public Timeouts timeoutsFor(String provider) {
        return perProvider.getOrDefault(provider, timeouts);
    }

    /** The providers with their own timeouts. */
    public Map<String, Timeouts> perProvider() {
        return perProvider;
    }

    @Override
    public String toString() {
        return "StreamConfig[holdBackChars=" + holdBackChars + ", holdBack=" + holdBack.toMillis() + "ms, resume="
                + resume + ", timeouts=" + timeouts + (perProvider.isEmpty() ? "" : ", perProvider=" + perProvider)
                + "]";
    }

    /**
     * The deadlines of one streaming attempt, all positive.
     *
     * @param firstToken from the attempt's start to its first text token
     * @param idle       the longest silence between two chunks while the consumer waits for more
     *                   (a consumer that asks for nothing does not make the provider look idle)
     * @param total      from the attempt's start to its last chunk
     */
    public record Timeouts(Duration firstToken, Duration idle, Duration total) {

        /** 15 s to the first token, 15 s between chunks, 10 minutes in all. */
        public static final Timeouts DEFAULT =
                new Timeouts(Duration.ofSeconds(15), Duration.ofSeconds(15), Duration.ofMinutes(10));

        public Timeouts {
            Checks.positive(firstToken, "firstToken timeout");
            Checks.positive(idle, "idle timeout");
            Checks.positive(total, "total timeout");
        }

        public static Timeouts of(Duration firstToken, Duration idle, Duration total) {
            return new Timeouts(firstToken, idle, total);
        }

        public Timeouts withFirstToken(Duration value) {
            return new Timeouts(value, idle, total);
        }

        public Timeouts withIdle(Duration value) {
            return new Timeouts(firstToken, value, total);
        }

        public Timeouts withTotal(Duration value) {
            return new Timeouts(firstToken, idle, value);
        }

        @Override
        public String toString() {
            return "Timeouts[firstToken=" + firstToken.toMillis() + "ms, idle=" + idle.toMillis() + "ms, total="
                    + total.toMillis() + "ms]";
        }
    }

    /** Builds a {@link StreamConfig}; every setter validates at once. Not thread-safe. */
    public static final class Builder {
        private int holdBackChars;
        private Duration holdBack = Duration.ZERO;
        private boolean resume;
        private int maxPartialChars = DEFAULT_MAX_PARTIAL_CHARS;
        private Timeouts timeouts = Timeouts.DEFAULT;
        private final Map<String, Timeouts> perProvider = new LinkedHashMap<>();

        private Builder() {
        }

        /** Holds back the first {@code chars} characters before the commit point (0: commit at the first token). */
        public Builder holdBackChars(int chars) {
            if (chars < 0) {
                throw new IllegalArgumentException("holdBackChars must not be negative, got " + chars
                        + ": use 0 to commit at the first text token");
            }
            this.holdBackChars = chars;
            return this;
        }

        /** Holds text back for this long after the first text token before the commit point (zero: no time hold). */
        public Builder holdBack(Duration time) {
            this.holdBack = Checks.notNegative(time, "holdBack (Duration.ZERO for none)");
            return this;
        }

        /** Continues a stream that fails after its commit point on the next provider (default: off). */
        public Builder resume(boolean enabled) {
            this.resume = enabled;
            return this;
        }

        /**
         * The most characters of delivered text kept per stream, for resume and for
         * {@code StreamInterrupted.partialText()} (default {@value StreamConfig#DEFAULT_MAX_PARTIAL_CHARS}; 0
         * keeps only the count, which turns resume off in effect).
         */
        public Builder maxPartialChars(int chars) {
            if (chars < 0) {
                throw new IllegalArgumentException("maxPartialChars must not be negative, got " + chars
                        + ": use 0 to keep only the count of delivered characters");
            }
            this.maxPartialChars = chars;
            return this;
        }

        /** The timeouts of every provider without its own. */
        public Builder timeouts(Timeouts value) {
            this.timeouts = Objects.requireNonNull(value, "timeouts must not be null");
            return this;
        }

        public Builder firstTokenTimeout(Duration value) {
            return timeouts(timeouts.withFirstToken(value));
        }

        public Builder idleTimeout(Duration value) {
            return timeouts(timeouts.withIdle(value));
        }

        public Builder totalTimeout(Duration value) {
            return timeouts(timeouts.withTotal(value));
        }

        /** The timeouts of the provider with this name, instead of the shared ones. */
        public Builder perProvider(String provider, Timeouts value) {
            Objects.requireNonNull(provider, "provider name must not be null");
            if (provider.isBlank()) {
                throw new IllegalArgumentException("provider name must not be blank");
            }
            perProvider.put(provider, Objects.requireNonNull(value, "timeouts of " + provider + " must not be null"));
            return this;
        }

        public StreamConfig build() {
            return new StreamConfig(this);
        }
    }
}
