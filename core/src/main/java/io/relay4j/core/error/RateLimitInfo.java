package io.relay4j.core.error;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The vendor's rate-limit counters, as its response headers stated them (OpenAI's {@code x-ratelimit-*},
 * Anthropic's {@code anthropic-ratelimit-*}). Reset times are relative to when the response arrived.
 */
public record RateLimitInfo(
        OptionalLong limitRequests,
        OptionalLong remainingRequests,
        Optional<Duration> requestsReset,
        OptionalLong limitTokens,
        OptionalLong remainingTokens,
        Optional<Duration> tokensReset) {

    public static final RateLimitInfo NONE = new RateLimitInfo(OptionalLong.empty(), OptionalLong.empty(),
            Optional.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty());

    public RateLimitInfo {
        Objects.requireNonNull(limitRequests);
        Objects.requireNonNull(remainingRequests);
        Objects.requireNonNull(requestsReset);
        Objects.requireNonNull(limitTokens);
        Objects.requireNonNull(remainingTokens);
        Objects.requireNonNull(tokensReset);
    }

    /**
     * The wait until the exhausted limit resets: the later reset of the counters that are at zero,
     * or empty when no counter is exhausted or no reset was stated.
     */
    public Optional<Duration> exhaustedUntilReset() {
        Optional<Duration> wait = Optional.empty();
        if (remainingRequests.isPresent() && remainingRequests.getAsLong() <= 0 && requestsReset.isPresent()) {
            wait = requestsReset;
        }
        if (remainingTokens.isPresent() && remainingTokens.getAsLong() <= 0 && tokensReset.isPresent()
                && (wait.isEmpty() || tokensReset.get().compareTo(wait.get()) > 0)) {
            wait = tokensReset;
        }
        return wait;
    }
}
