package io.relay4j.core.router;

import io.relay4j.core.internal.router.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * The router's deadlines, the same four for {@code generate} and {@code stream}. Immutable and thread-safe;
 * build one with {@link #custom()}, take {@link #ofDefaults()}, or vary one with {@link #toBuilder()}. Every
 * setter checks its value at once. A provider may override the per-attempt ones
 * ({@link ProviderOptions}); the provider itself keeps only its transport deadlines (connect and response
 * headers).
 *
 * <ul>
 *   <li><b>{@linkplain #firstToken() first token}</b> (default 60 s): for a stream, from the attempt's start
 *       to its first text (or its last chunk); for a whole answer, until the answer, since a non-streamed
 *       answer's first token is the answer. Reasoning models may think for minutes before they write: raising
 *       this one limit is enough for them (the others are longer by default). Passed: the attempt fails with
 *       {@code Timeout(FIRST_TOKEN)} and the request falls over.</li>
 *   <li><b>{@linkplain #idle() idle}</b> (default 15 s, streams only): the longest silence between two chunks,
 *       counted only while the consumer has asked for more and waits. A consumer that stops asking is never
 *       charged to the provider, however long it pauses. Passed: {@code Timeout(IDLE)}, the request falls
 *       over (or, after the stream's commit point, the stream is interrupted or resumed).</li>
 *   <li><b>{@linkplain #attempt() attempt}</b> (default 10 min): one provider call in all, a whole stream
 *       included. Passed: {@code Timeout(ATTEMPT)}, as for the others.</li>
 *   <li><b>{@linkplain #request() request}</b> (default 15 min): the whole request, every attempt, retry, wait
 *       and stream resume included. Passed: the call in flight is cancelled, nothing more is tried, and the
 *       request ends with {@code Timeout(REQUEST)}.</li>
 * </ul>
 * A timed-out call is cancelled (its HTTP exchange closed) and, per the {@code TIMEOUT} error policy, never
 * retried in place.
 */
public final class TimeoutConfig {

    private static final TimeoutConfig DEFAULTS = custom().build();

    private final Duration firstToken;
    private final Duration idle;
    private final Duration attempt;
    private final Duration request;

    private TimeoutConfig(Builder b) {
        this.firstToken = b.firstToken;
        this.idle = b.idle;
        this.attempt = b.attempt;
        this.request = b.request;
    }

    /** A builder starting from the defaults. */
    public static Builder custom() {
        return new Builder();
    }

    /** First token 60 s, idle 15 s, attempt 10 min, request 15 min. */
    public static TimeoutConfig ofDefaults() {
        return DEFAULTS;
    }

    /** A builder that starts from this configuration, for a variant of it. */
    public Builder toBuilder() {
        return new Builder().firstToken(firstToken).idle(idle).attempt(attempt).request(request);
    }

    /** From an attempt's start to a stream's first text, or to a whole answer. */
    public Duration firstToken() {
        return firstToken;
    }

    /** The longest silence between two stream chunks while the consumer waits for more. */
    public Duration idle() {
        return idle;
    }

    /** The most one provider call may take, a whole stream included. */
    public Duration attempt() {
        return attempt;
    }

    /** The most a whole request may take, over all its attempts, retries, waits and resumes. */
    public Duration request() {
        return request;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeoutConfig other && firstToken.equals(other.firstToken) && idle.equals(other.idle)
                && attempt.equals(other.attempt) && request.equals(other.request);
    }

    @Override
    public int hashCode() {
        return Objects.hash(firstToken, idle, attempt, request);
    }

    @Override
    public String toString() {
        return "TimeoutConfig[firstToken=" + firstToken.toMillis() + "ms, idle=" + idle.toMillis() + "ms, attempt="
                + attempt.toMillis() + "ms, request=" + request.toMillis() + "ms]";
    }

    /** Builds a {@link TimeoutConfig}; every setter validates at once. Not thread-safe. */
    public static final class Builder {
        private Duration firstToken = Duration.ofSeconds(60);
        private Duration idle = Duration.ofSeconds(15);
        private Duration attempt = Duration.ofMinutes(10);
        private Duration request = Duration.ofMinutes(15);

        private Builder() {
        }

        /** From an attempt's start to a stream's first text, or to a whole answer (positive; default 60 s). */
        public Builder firstToken(Duration firstToken) {
            this.firstToken = Checks.positive(firstToken, "firstToken timeout");
            return this;
        }

        /** The longest silence between stream chunks while the consumer waits (positive; default 15 s). */
        public Builder idle(Duration idle) {
            this.idle = Checks.positive(idle, "idle timeout");
            return this;
        }

        /** The most one provider call may take, a whole stream included (positive; default 10 min). */
        public Builder attempt(Duration attempt) {
            this.attempt = Checks.positive(attempt, "attempt timeout");
            return this;
        }

        /** The most a whole request may take, all attempts and waits included (positive; default 15 min). */
        public Builder request(Duration request) {
            this.request = Checks.positive(request, "request timeout");
            return this;
        }

        public TimeoutConfig build() {
            return new TimeoutConfig(this);
        }
    }
}
