package io.relay4j.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.RateLimitInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every rate-limit header format the vendors send, and the garbage they sometimes send instead. */
class RateLimitHeadersTest {

    private static final Instant NOW = Instant.parse("2025-08-21T12:40:00Z");

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({"1s, 1000", "6m0s, 360000", "12ms, 12", "9ms, 9", "2m59.56s, 179560", "7.66s, 7660",
            "1h2m3s, 3723000", "0s, 0", "1.5h, 5400000", "1500us, 1"})
    void goDurations(String value, long millis) {
        assertThat(RateLimitHeaders.goDuration(value)).map(Duration::toMillis).contains(millis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "1x", "abc", "1s2", "-1s", "1 s", "1.2.3s"})
    void garbageDurationsAreIgnored(String value) {
        assertThat(RateLimitHeaders.goDuration(value)).isEmpty();
    }

    @Test
    void retryAfterInSecondsWholeOrFractional() {
        assertThat(RateLimitHeaders.retryAfter(Map.of("retry-after", "20"), NOW)).contains(Duration.ofSeconds(20));
        assertThat(RateLimitHeaders.retryAfter(Map.of("retry-after", "0.5"), NOW)).contains(Duration.ofMillis(500));
    }

    @Test
    void retryAfterAsAnHttpDate() {
        assertThat(RateLimitHeaders.retryAfter(Map.of("retry-after", "Thu, 21 Aug 2025 12:40:30 GMT"), NOW))
                .contains(Duration.ofSeconds(30));
        assertThat(RateLimitHeaders.retryAfter(Map.of("retry-after", "Thu, 21 Aug 2025 12:00:00 GMT"), NOW))
                .contains(Duration.ZERO);
    }

    @Test
    void retryAfterMillisecondsWinOverSeconds() {
        assertThat(RateLimitHeaders.retryAfter(Map.of("retry-after-ms", "1250", "retry-after", "2"), NOW))
                .contains(Duration.ofMillis(1250));
    }

    @Test
    void garbageRetryAfterIsIgnored() {
        assertThat(RateLimitHeaders.retryAfter(Map.of("retry-after", "soon"), NOW)).isEmpty();
        assertThat(RateLimitHeaders.retryAfter(Map.of("retry-after", "-3"), NOW)).isEmpty();
        assertThat(RateLimitHeaders.retryAfter(Map.of("retry-after-ms", "x", "retry-after", "3"), NOW))
                .contains(Duration.ofSeconds(3));
        assertThat(RateLimitHeaders.retryAfter(Map.of(), NOW)).isEmpty();
    }

    @Test
    void openAiCounters() {
        RateLimitInfo info = RateLimitHeaders.rateLimit(Map.of(
                "x-ratelimit-limit-requests", "60", "x-ratelimit-limit-tokens", "150000",
                "x-ratelimit-remaining-requests", "59", "x-ratelimit-remaining-tokens", "149984",
                "x-ratelimit-reset-requests", "1s", "x-ratelimit-reset-tokens", "6m0s"), NOW);

        assertThat(info.limitRequests()).hasValue(60);
        assertThat(info.remainingRequests()).hasValue(59);
        assertThat(info.requestsReset()).contains(Duration.ofSeconds(1));
        assertThat(info.limitTokens()).hasValue(150000);
        assertThat(info.remainingTokens()).hasValue(149984);
        assertThat(info.tokensReset()).contains(Duration.ofMinutes(6));
    }

    @Test
    void groqResetsWithFractions() {
        RateLimitInfo info = RateLimitHeaders.rateLimit(Map.of(
                "x-ratelimit-reset-requests", "2m59.56s", "x-ratelimit-reset-tokens", "7.66s"), NOW);

        assertThat(info.requestsReset()).contains(Duration.ofMillis(179560));
        assertThat(info.tokensReset()).contains(Duration.ofMillis(7660));
    }

    @Test
    void placeholdersAreNotLimits() {
        RateLimitInfo info = RateLimitHeaders.rateLimit(Map.of(
                "x-ratelimit-limit-requests", "0", "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-limit-tokens", "-1", "x-ratelimit-remaining-tokens", "-1"), NOW);

        assertThat(info).isEqualTo(RateLimitInfo.NONE);
        assertThat(info.exhaustedUntilReset()).isEmpty();
    }

    @Test
    void anthropicTimestampsBecomeDurationsFromNow() {
        RateLimitInfo info = RateLimitHeaders.rateLimit(Map.of(
                "anthropic-ratelimit-requests-limit", "1000", "anthropic-ratelimit-requests-remaining", "999",
                "anthropic-ratelimit-requests-reset", "2025-08-21T12:40:59Z",
                "anthropic-ratelimit-tokens-limit", "96000", "anthropic-ratelimit-tokens-remaining", "0",
                "anthropic-ratelimit-tokens-reset", "2025-08-21T07:41:30-05:00"), NOW);

        assertThat(info.limitRequests()).hasValue(1000);
        assertThat(info.remainingRequests()).hasValue(999);
        assertThat(info.requestsReset()).contains(Duration.ofSeconds(59));
        assertThat(info.tokensReset()).contains(Duration.ofSeconds(90));
        assertThat(info.exhaustedUntilReset()).contains(Duration.ofSeconds(90));
    }

    @Test
    void anthropicInputAndOutputTokensWhenNoCombinedCounter() {
        RateLimitInfo info = RateLimitHeaders.rateLimit(Map.of(
                "anthropic-ratelimit-input-tokens-limit", "80000", "anthropic-ratelimit-input-tokens-remaining", "80000",
                "anthropic-ratelimit-input-tokens-reset", "2025-08-21T12:40:59Z",
                "anthropic-ratelimit-output-tokens-limit", "16000", "anthropic-ratelimit-output-tokens-remaining", "0",
                "anthropic-ratelimit-output-tokens-reset", "2025-08-21T12:41:00+00:00"), NOW);

        assertThat(info.limitTokens()).hasValue(16000);
        assertThat(info.remainingTokens()).hasValue(0);
        assertThat(info.tokensReset()).contains(Duration.ofSeconds(60));
    }

    @Test
    void pastResetIsZeroAndGarbageIsIgnored() {
        RateLimitInfo info = RateLimitHeaders.rateLimit(Map.of(
                "anthropic-ratelimit-requests-reset", "2025-08-21T12:00:00Z",
                "x-ratelimit-remaining-tokens", "lots", "x-ratelimit-reset-tokens", "tomorrow"), NOW);

        assertThat(info.requestsReset()).contains(Duration.ZERO);
        assertThat(info.remainingTokens()).isEmpty();
        assertThat(info.tokensReset()).isEmpty();
    }
}
