package io.relay4j.providers.anthropic;

import static io.relay4j.providers.anthropic.AnthropicFixtures.KEY;
import static io.relay4j.providers.anthropic.AnthropicFixtures.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.ContextLengthExceeded;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.RateLimited;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicErrorsTest {

    private final AnthropicProtocol protocol = AnthropicFixtures.protocol();

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource({
        "400, invalid_request_error, 'messages: field required', INVALID_REQUEST",
        "400, invalid_request_error, 'input length and `max_tokens` exceed context limit: 198000 + 8192 > 200000', CONTEXT_LENGTH_EXCEEDED",
        "401, authentication_error, 'invalid x-api-key', AUTHENTICATION_FAILED",
        "402, billing_error, 'Your credit balance is too low', RATE_LIMITED",
        "403, permission_error, 'Your API key does not have permission', POLICY_VIOLATION",
        "404, not_found_error, 'model: claude-nope', MODEL_NOT_FOUND",
        "413, request_too_large, 'Request exceeds the maximum allowed number of bytes.', CONTEXT_LENGTH_EXCEEDED",
        "429, rate_limit_error, 'Number of request tokens has exceeded your per-minute rate limit', RATE_LIMITED",
        "500, api_error, 'Internal server error', SERVER_ERROR",
        "503, api_error, 'Service unavailable', OVERLOADED",
        "504, timeout_error, 'Request timed out', SERVER_ERROR",
        "529, overloaded_error, 'Overloaded', OVERLOADED",
        "409, conflict_error_added_later, 'Conflict', INVALID_REQUEST",
        "502, gateway_error_added_later, 'Bad gateway', SERVER_ERROR"
    })
    void documentedStatusesAndTypesMapToTheTaxonomy(int status, String type, String message, ErrorType expected) {
        LlmException error = protocol.decodeError(reply(status, Map.of("request-id", "req_h"), errorBody(type, message)));

        assertThat(error.type()).isEqualTo(expected);
        assertThat(error.httpStatus()).hasValue(status);
        assertThat(error.details().vendorCode()).contains(type);
        assertThat(error.requestId()).contains("req_h");
        assertThat(error.provider()).isEqualTo("claude");
        assertThat(error.getMessage()).contains(message);
    }

    @ParameterizedTest(name = "{1} sent with {0} -> {2}")
    @CsvSource({
        "500, overloaded_error, OVERLOADED",
        "400, rate_limit_error, RATE_LIMITED",
        "200, not_found_error, MODEL_NOT_FOUND",
        "529, api_error, OVERLOADED",
        "200, api_error, SERVER_ERROR"
    })
    void theDocumentedTypeDecidesOverTheStatusItCameWithSaveForTheGenericApiError(int status, String type,
                                                                                 ErrorType expected) {
        LlmException error = protocol.decodeError(reply(status, Map.of(), errorBody(type, "m")));

        assertThat(error.type()).isEqualTo(expected);
        assertThat(error.httpStatus()).hasValue(status);
        assertThat(error.requestId()).as("the body's request_id, as the header is missing").contains("req_body");
    }

    @Test
    void aBillingErrorIsASpentQuotaButARateLimitIsNot() {
        RateLimited billing = (RateLimited) protocol.decodeError(reply(402, Map.of(), errorBody("billing_error", "low")));
        RateLimited rate = (RateLimited) protocol.decodeError(reply(429, Map.of(), errorBody("rate_limit_error", "x")));

        assertThat(billing.quotaExhausted()).isTrue();
        assertThat(rate.quotaExhausted()).isFalse();
    }

    @Test
    void promptTooLongIsContextLengthExceededWithTheBodysRequestId() {
        LlmException error = protocol.decodeError(reply(400, Map.of(),
                AnthropicFixtures.bytes("error-prompt-too-long.json")));

        assertThat(error).isInstanceOf(ContextLengthExceeded.class);
        assertThat(error.requestId()).contains("req_011CSHoEeqs5C35K2UUqR7Fy");
        assertThat(error.getMessage()).contains("prompt is too long");
    }

    @Test
    void aRateLimitCarriesTheRetryAfterHeader() {
        LlmException error = protocol.decodeError(reply(429, Map.of("retry-after", "17", "request-id", "req_hdr"),
                AnthropicFixtures.bytes("error-rate-limit.json")));

        assertThat(error).isInstanceOf(RateLimited.class);
        assertThat(error.retryAfter()).contains(Duration.ofSeconds(17));
        assertThat(error.requestId()).as("the header wins over the body").contains("req_hdr");
    }

    @Test
    void retryAfterMillisecondsAreMorePreciseThanSeconds() {
        LlmException error = protocol.decodeError(reply(529, Map.of("retry-after-ms", "1500", "retry-after", "2"),
                errorBody("overloaded_error", "Overloaded")));

        assertThat(error.retryAfter()).contains(Duration.ofMillis(1500));
    }

    @Test
    void aCloudflareHtml413IsContextLengthExceeded() {
        LlmException error = protocol.decodeError(reply(413, Map.of(),
                AnthropicFixtures.bytes("error-413-cloudflare.html")));

        assertThat(error).isInstanceOf(ContextLengthExceeded.class);
        assertThat(error.getMessage()).contains("HTTP 413 with an HTML body").doesNotContain("<html>");
    }

    @ParameterizedTest(name = "{0} with body [{1}] -> {2}")
    @CsvSource({
        "502, '<html><body>502 Bad Gateway</body></html>', SERVER_ERROR",
        "503, '', OVERLOADED",
        "529, '', OVERLOADED",
        "429, 'Too Many Requests', RATE_LIMITED",
        "401, '', AUTHENTICATION_FAILED",
        "404, '<html>not found</html>', MODEL_NOT_FOUND",
        "400, '{\"unexpected\":true}', INVALID_REQUEST",
        "500, '[]', SERVER_ERROR"
    })
    void bodiesThatAreNotAnthropicErrorsAreClassifiedByStatus(int status, String body, ErrorType expected) {
        LlmException error = protocol.decodeError(reply(status, body));

        assertThat(error.type()).isEqualTo(expected);
        assertThat(error.httpStatus()).hasValue(status);
        assertThat(error.getMessage()).contains("HTTP " + status);
    }

    @Test
    void aKeyEchoedInTheVendorMessageNeverReachesTheException() {
        LlmException error = protocol.decodeError(reply(401, Map.of(),
                errorBody("authentication_error", "invalid x-api-key " + KEY)));

        assertThat(error.getMessage()).doesNotContain(KEY).contains("[redacted]");
        assertThat(error.toString()).doesNotContain(KEY);
    }

    private static byte[] errorBody(String type, String message) {
        return ("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message.replace("\"", "\\\"")
                + "\"},\"request_id\":\"req_body\"}").getBytes(StandardCharsets.UTF_8);
    }
}
