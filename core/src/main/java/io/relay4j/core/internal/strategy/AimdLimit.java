package io.relay4j.core.internal.strategy;

import io.relay4j.core.error.RateLimitInfo;
import io.relay4j.core.event.RouterEvent.ConcurrencyLimitChanged.Cause;
import io.relay4j.core.router.AdaptiveConcurrency;
import java.util.OptionalLong;
import java.util.function.IntConsumer;

/**
 * The arithmetic of an {@link AdaptiveConcurrency} limit: additive increase while calls succeed with the limit
 * in use, multiplicative decrease on a throttle, on rate-limit headers near zero and on a latency rise, always
 * within the configured bounds. Times are the router's clock in nanoseconds, passed in, so tests drive it
 * deterministically. A decrease is taken at most once per round trip: a signal from a call that started before
 * the last decrease is ignored (the calls in flight then were sent under the old limit).
 *
 * <p>Each signal hands the whole-number limit to the {@code sink} (the {@link ConcurrencyLimiter}'s limit) while
 * it holds this object's monitor, so concurrent signals publish their limits in the order they computed them,
 * and returns the {@link Change}, or null when the whole number stayed the same; the caller tells listeners
 * outside the monitor.
 *
 * <p>Thread-safe: every signal takes this object's monitor for a few arithmetic steps (no I/O, no waiting on
 * anything else), once per finished call of an adaptively limited provider.
 */
final class AimdLimit {

    /** What a latency rise multiplies the limit by: gentler than a throttle, since latency is a weaker sign. */
    static final double LATENCY_BACKOFF = 0.9;

    /** The whole-number limit moved from {@code previous} to {@code limit}. */
    record Change(int previous, int limit, Cause cause) {
    }

    private final AdaptiveConcurrency config;
    private final IntConsumer sink;
    private final LatencyTrend answers = new LatencyTrend();
    private final LatencyTrend firstTokens = new LatencyTrend();
    private double estimate;
    private long lastDecreaseNanos;
    private boolean decreased;

    /** Starts at the configured initial limit, which it hands to {@code sink} at once. */
    AimdLimit(AdaptiveConcurrency config, IntConsumer sink) {
        this.config = config;
        this.sink = sink;
        this.estimate = config.initialLimit();
        sink.accept(whole());
    }

    AdaptiveConcurrency config() {
        return config;
    }

    synchronized int limit() {
        return whole();
    }

    /**
     * A call that started at {@code startNanos} succeeded at {@code nowNanos}; {@code inFlight} calls (this one
     * included) were in progress when it ended. {@code latencyNanos} is its latency sample (a whole answer's
     * latency, or a stream's time to first token when {@code stream}), negative for none.
     */
    synchronized Change succeeded(long startNanos, long nowNanos, long latencyNanos, boolean stream, int inFlight) {
        if (latencyNanos >= 0 && (stream ? firstTokens : answers).riseAfter(latencyNanos, config.latencyTolerance())) {
            return decrease(startNanos, nowNanos, LATENCY_BACKOFF, Cause.LATENCY);
        }
        // grow only while the limit is in use: an idle provider's limit says nothing about what it takes
        int before = whole();
        if (2L * inFlight < before || estimate >= config.maxLimit()) {
            return null;
        }
        estimate = Math.min(config.maxLimit(), estimate + 1.0 / estimate);
        return published(before, Cause.INCREASED);
    }

    /** The vendor throttled or said it was overloaded, answering a call that started at {@code startNanos}. */
    synchronized Change throttled(long startNanos, long nowNanos) {
        return decrease(startNanos, nowNanos, config.backoffRatio(), Cause.THROTTLED);
    }

    /**
     * A successful reply to a call that started at {@code startNanos} stated the vendor's rate-limit counters:
     * when either window (requests or tokens) is at or under the headroom, the limit is lowered before the
     * vendor throttles.
     */
    synchronized Change rateLimitReported(RateLimitInfo info, long startNanos, long nowNanos) {
        if (nearlySpent(info.remainingRequests(), info.limitRequests())
                || nearlySpent(info.remainingTokens(), info.limitTokens())) {
            return decrease(startNanos, nowNanos, config.backoffRatio(), Cause.RATE_LIMIT_HEADERS);
        }
        return null;
    }

    private boolean nearlySpent(OptionalLong remaining, OptionalLong limit) {
        if (remaining.isEmpty()) {
            return false;
        }
        long left = remaining.getAsLong();
        return left <= 0 || limit.isPresent() && left <= config.rateLimitHeadroom() * limit.getAsLong();
    }

    private Change decrease(long startNanos, long nowNanos, double ratio, Cause cause) {
        if (decreased && startNanos - lastDecreaseNanos < 0) {
            return null;
        }
        int before = whole();
        decreased = true;
        lastDecreaseNanos = nowNanos;
        estimate = Math.max(config.minLimit(), Math.min(estimate, before) * ratio);
        return published(before, cause);
    }

    private Change published(int before, Cause cause) {
        int after = whole();
        if (after == before) {
            return null;
        }
        sink.accept(after);
        return new Change(before, after, cause);
    }

    private int whole() {
        return Math.max(config.minLimit(), Math.min(config.maxLimit(), (int) estimate));
    }
}
