package io.relay4j.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.relay4j.core.error.ErrorDetails;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Received headers read through, as the vendors spell them: the same answers as a lower-cased copy gave. */
class ResponseHeadersTest {

    private static HttpHeaders received() {
        return new DefaultHttpHeaders()
                .add("Content-Type", "application/json")
                .add("X-Request-Id", "req_42")
                .add("Retry-After", "7")
                .add("x-ratelimit-limit-requests", "500")
                .add("X-RateLimit-Remaining-Requests", "0")
                .add("x-ratelimit-reset-requests", "1m30s")
                .add("Set-Cookie", "a=1")
                .add("set-cookie", "b=2");
    }

    @Test
    void headersAreFoundByTheirLowerCaseNamesWithTheFirstValueOfARepeatedOne() {
        ResponseHeaders headers = ResponseHeaders.of(received());

        assertThat(headers.get("x-request-id")).isEqualTo("req_42");
        assertThat(headers.get("set-cookie")).isEqualTo("a=1");
        assertThat(headers.containsKey("content-type")).isTrue();
        assertThat(headers.get("x-absent")).isNull();
        assertThat(headers.containsKey("x-absent")).isFalse();
    }

    @Test
    void iterationShowsLowerCaseNamesOnceEach() {
        assertThat(ResponseHeaders.of(received())).containsExactlyInAnyOrderEntriesOf(Map.of(
                "content-type", "application/json", "x-request-id", "req_42", "retry-after", "7",
                "x-ratelimit-limit-requests", "500", "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "1m30s", "set-cookie", "a=1"));
    }

    @Test
    void theViewCannotBeChanged() {
        ResponseHeaders headers = ResponseHeaders.of(received());

        assertThatThrownBy(() -> headers.put("x-request-id", "forged")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(headers.get("x-request-id")).isEqualTo("req_42");
    }

    @Test
    void aReplyOverReceivedHeadersGivesTheRequestIdRetryAfterAndRateLimitCounters() {
        HttpReply reply = new HttpReply("openai", 429, ResponseHeaders.of(received()), new byte[0], Duration.ZERO);

        ErrorDetails details = ErrorClassifier.details(reply, Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(reply.headers()).isInstanceOf(ResponseHeaders.class);
        assertThat(reply.header("content-type")).contains("application/json");
        assertThat(details.requestId()).contains("req_42");
        assertThat(details.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(details.rateLimit().limitRequests()).hasValue(500);
        assertThat(details.rateLimit().remainingRequests()).hasValue(0);
        assertThat(details.rateLimit().requestsReset()).contains(Duration.ofSeconds(90));
    }
}
