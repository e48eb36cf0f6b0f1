package io.relay4j.providers.gemini;

import static io.relay4j.providers.gemini.GeminiFixtures.KEY;
import static io.relay4j.providers.gemini.GeminiFixtures.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.AuthenticationFailed;
import io.relay4j.core.error.ContextLengthExceeded;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.PolicyViolation;
import io.relay4j.core.error.RateLimited;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiErrorsTest {

    private final GeminiProtocol protocol = GeminiFixtures.protocol();

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource({
        "400, INVALID_ARGUMENT, 'Invalid JSON payload received. Unknown name \"foo\"', INVALID_REQUEST",
        "400, FAILED_PRECONDITION, 'Gemini API free tier is not available in your country. Please enable billing', POLICY_VIOLATION",
        "401, UNAUTHENTICATED, 'Request had invalid authentication credentials', AUTHENTICATION_FAILED",
        "403, PERMISSION_DENIED, 'You do not have permission to access the tuned model', POLICY_VIOLATION",
        "404, NOT_FOUND, 'models/gemini-nope is not found for API version v1beta', MODEL_NOT_FOUND",
        "429, RESOURCE_EXHAUSTED, 'Resource has been exhausted (e.g. check quota).', RATE_LIMITED",
        "499, CANCELLED, 'The operation was cancelled', INVALID_REQUEST",
        "500, INTERNAL, 'An internal error has occurred.', SERVER_ERROR",
        "500, INTERNAL, 'Your input context is too long', CONTEXT_LENGTH_EXCEEDED",
        "503, UNAVAILABLE, 'The model is overloaded. Please try again later.', OVERLOADED",
        "504, DEADLINE_EXCEEDED, 'Deadline exceeded', SERVER_ERROR",
        "502, STATUS_ADDED_LATER, 'Bad gateway', SERVER_ERROR"
    })
    void canonicalStatusesMapToTheTaxonomy(int code, String status, String message, ErrorType expected) {
        LlmException error = protocol.decodeError(reply(code, "{\"error\":{\"code\":" + code + ",\"message\":\""
                + message.replace("\"", "\\\"") + "\",\"status\":\"" + status + "\"}}"));

        assertThat(error.type()).isEqualTo(expected);
        assertThat(error.httpStatus()).hasValue(code);
        assertThat(error.details().vendorCode()).contains(status);
        assertThat(error.provider()).isEqualTo("gemini");
        assertThat(error.getMessage()).contains(message);
    }

    @Test
    void aFunctionCallMissingItsThoughtSignatureIsAnInvalidRequestThatSaysWhichCallAndWhy() {
        LlmException error = protocol.decodeError(reply(400,
                GeminiFixtures.wire("error-missing-thought-signature.json")));

        assertThat(error).isInstanceOf(io.relay4j.core.error.InvalidRequest.class);
        assertThat(error.details().vendorCode()).contains("INVALID_ARGUMENT");
        assertThat(error.getMessage()).contains("missing a thought_signature").contains("position 2")
                .contains("default_api:get_weather");
    }

    @Test
    void anInvalidKeyIsAnAuthenticationFailureDespiteStatus400() {
        LlmException error = protocol.decodeError(reply(400, GeminiFixtures.bytes("error-api-key-invalid.json")));

        assertThat(error).isInstanceOf(AuthenticationFailed.class);
        assertThat(error.details().vendorCode()).contains("API_KEY_INVALID");
    }

    @Test
    void anInputOverTheTokenLimitIsContextLengthExceeded() {
        LlmException error = protocol.decodeError(reply(400, GeminiFixtures.bytes("error-context-too-long.json")));

        assertThat(error).isInstanceOf(ContextLengthExceeded.class);
    }

    @Test
    void aRegionOrBillingPreconditionIsAPolicyViolation() {
        LlmException error = protocol.decodeError(reply(400, GeminiFixtures.bytes("error-region.json")));

        assertThat(error).isInstanceOf(PolicyViolation.class);
        assertThat(error.details().vendorCode()).contains("FAILED_PRECONDITION");
    }

    @Test
    void aPerMinuteLimitWaitsForTheRetryDelayAndIsNotASpentQuota() {
        LlmException error = protocol.decodeError(reply(429, GeminiFixtures.bytes("error-rate-limited.json")));

        assertThat(error).isInstanceOfSatisfying(RateLimited.class, e -> assertThat(e.quotaExhausted()).isFalse());
        assertThat(error.retryAfter()).contains(Duration.ofSeconds(22));
    }

    @Test
    void aRateLimitInA200BodyIsReadAsInANon2xxReply() {
        LlmException error = protocol.decodeError(reply(200, GeminiFixtures.bytes("error-rate-limited.json")));

        assertThat(error).isInstanceOfSatisfying(RateLimited.class, e -> assertThat(e.quotaExhausted()).isFalse());
        assertThat(error.retryAfter()).contains(Duration.ofSeconds(22));
        assertThat(error.details().vendorCode()).contains("RESOURCE_EXHAUSTED");
        assertThat(error.getMessage()).contains("the vendor reported an error in the response body");
    }

    @Test
    void aPerDayQuotaInAOneElementArrayIsASpentQuota() {
        LlmException error = protocol.decodeError(reply(429, GeminiFixtures.bytes("error-daily-quota.json")));

        assertThat(error).isInstanceOfSatisfying(RateLimited.class, e -> assertThat(e.quotaExhausted()).isTrue());
        assertThat(error.retryAfter()).contains(Duration.ofMillis(8500));
    }

    @Test
    void aQuotaOfZeroForTheModelIsASpentQuota() {
        LlmException error = protocol.decodeError(reply(429, "{\"error\":{\"code\":429,\"message\":\"quota\","
                + "\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\","
                + "\"violations\":[{\"quotaId\":\"GenerateRequestsPerMinutePerProjectPerModel-FreeTier\","
                + "\"quotaValue\":\"0\"}]}]}}"));

        assertThat(((RateLimited) error).quotaExhausted()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"22s, 22000", "1.5s, 1500", "0.000340s, 0", "s, -1", "22, -1", "-3s, -1", "abc, -1"})
    void retryDelaysAreProtobufDurations(String value, long expectedMillis) {
        assertThat(GeminiErrors.protoDuration(value).map(Duration::toMillis).orElse(-1L)).isEqualTo(expectedMillis);
    }

    @ParameterizedTest(name = "{0} with body [{1}] -> {2}")
    @CsvSource({
        "502, '<html><body>502 Server Error</body></html>', SERVER_ERROR",
        "503, '', OVERLOADED",
        "429, 'Too Many Requests', RATE_LIMITED",
        "403, '<html>Forbidden</html>', POLICY_VIOLATION",
        "404, '', MODEL_NOT_FOUND",
        "400, '[{\"a\":1},{\"b\":2}]', INVALID_REQUEST",
        "500, '{\"message\":\"no envelope\"}', SERVER_ERROR"
    })
    void bodiesThatAreNotGoogleErrorsAreClassifiedByStatus(int status, String body, ErrorType expected) {
        LlmException error = protocol.decodeError(reply(status, body));

        assertThat(error.type()).isEqualTo(expected);
        assertThat(error.httpStatus()).hasValue(status);
        assertThat(error.getMessage()).contains("HTTP " + status);
    }

    @Test
    void aKeyEchoedInTheVendorMessageNeverReachesTheException() {
        LlmException error = protocol.decodeError(reply(400, "{\"error\":{\"code\":400,\"message\":\"API key " + KEY
                + " not valid\",\"status\":\"INVALID_ARGUMENT\"}}"));

        assertThat(error.getMessage()).doesNotContain(KEY).contains("[redacted]");
    }
}
