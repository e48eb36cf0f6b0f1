package io.relay4j.core.router;

import io.relay4j.core.internal.router.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * How the router streams: where the commit point lies and whether an interrupted stream resumes on another
 * provider. Immutable and thread-safe; build one with {@link #custom()}, take {@link #ofDefaults()}, or vary
 * one with {@link #toBuilder()}. Every setter checks its value at once. A stream's deadlines (first token,
 * idle while the consumer waits, per attempt, per request) are the router's {@link TimeoutConfig}, overridable
 * per provider with {@link ProviderOptions}.
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
 */
public final class StreamConfig {

    /** The most characters read ahead while holding back for time only. */
    public static final int TIME_HOLD_BACK_BUFFER_CHARS = 16_384;

    /** By default at most 64 Ki characters of a stream's delivered text are kept (see {@link #maxPartialChars()}). */
    public static final int DEFAULT_MAX_PARTIAL_CHARS = 65_536;

    private static final StreamConfig DEFAULTS = custom().build();

    private final int holdBackChars;
    private final Duration holdBack;
    private final boolean resume;
    private final int maxPartialChars;

    private StreamConfig(Builder b) {
        this.holdBackChars = b.holdBackChars;
        this.holdBack = b.holdBack;
        this.resume = b.resume;
        this.maxPartialChars = b.maxPartialChars;
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /** Commit at the first text token, no resume. */
    public static StreamConfig ofDefaults() {
        return DEFAULTS;
    }

    /** A builder that starts from this configuration, for a variant of it. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.holdBackChars = holdBackChars;
        b.holdBack = holdBack;
        b.resume = resume;
        b.maxPartialChars = maxPartialChars;
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

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamConfig other && holdBackChars == other.holdBackChars
                && holdBack.equals(other.holdBack) && resume == other.resume
                && maxPartialChars == other.maxPartialChars;
    }

    @Override
    public int hashCode() {
        return Objects.hash(holdBackChars, holdBack, resume, maxPartialChars);
    }

    @Override
    public String toString() {
        return "StreamConfig[holdBackChars=" + holdBackChars + ", holdBack=" + holdBack.toMillis() + "ms, resume="
                + resume + ", maxPartialChars=" + maxPartialChars + "]";
    }

    /** Builds a {@link StreamConfig}; every setter validates at once. Not thread-safe. */
    public static final class Builder {
        private int holdBackChars;
        private Duration holdBack = Duration.ZERO;
        private boolean resume;
        private int maxPartialChars = DEFAULT_MAX_PARTIAL_CHARS;

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

        public StreamConfig build() {
            return new StreamConfig(this);
        }
    }
}
