package io.relay4j.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.AuthenticationFailed;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.ContextLengthExceeded;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.ModelNotFound;
import io.relay4j.core.error.Overloaded;
import io.relay4j.core.error.PolicyViolation;
import io.relay4j.core.error.RateLimited;
import io.relay4j.core.error.ServerError;
import io.relay4j.core.error.Timeout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shared status table and its refinements from the vendor's body, without a server. */
class ErrorClassifierTest {

    private static final Instant NOW = Instant.parse("2025-08-21T12:40:00Z");
    private static final Redactor REDACTOR = Redactor.of(Optional.of(ApiKey.of("sk-secret-key-1234567890")));

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
            "400, InvalidRequest", "401, AuthenticationFailed", "402, RateLimited", "403, PolicyViolation",
            "404, ModelNotFound", "408, Timeout", "409, InvalidRequest", "413, ContextLengthExceeded",
            "422, InvalidRequest", "429, RateLimited", "500, ServerError", "502, ServerError",
            "498, Overloaded", "503, Overloaded", "504, ServerError", "529, Overloaded", "599, ServerError"})
    void statusAloneDecidesTheType(int status, String type) {
        LlmException e = classify(status, "{\"error\":{\"message\":\"something\",\"type\":\"x\"}}", Map.of());

        assertThat(e.getClass().getSimpleName()).isEqualTo(type);
        assertThat(e.httpStatus()).hasValue(status);
        assertThat(e.provider()).isEqualTo("p");
    }

    @Test
    void contextLengthIsReadFromTheCodeOrTheMessage() {
        assertThat(classify(400, """
                {"error":{"message":"This model's maximum context length is 4097 tokens. However, your messages \
                resulted in 4363 tokens.","type":"invalid_request_error","param":"messages",\
                "code":"context_length_exceeded"}}""", Map.of()))
                .isInstanceOf(ContextLengthExceeded.class);
        assertThat(classify(400, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: "
                + "201000 tokens > 200000 maximum\"}}", Map.of()))
                .isInstanceOf(ContextLengthExceeded.class);
    }

    @Test
    void azurePromptFilterIsContentFiltered() {
        LlmException e = classify(400, """
                {"error": {"code": "content_filter", "status": 400,
                  "message": "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
                  "innererror": {"code": "ResponsibleAIPolicyViolation"}}}""", Map.of());

        assertThat(e).isInstanceOf(ContentFiltered.class);
        assertThat(e.details().vendorCode()).contains("content_filter");
    }

    /** Issue 12 item 4: OpenAI's moderation refusal was an InvalidRequest, never a ContentFiltered. */
    @Test
    void openAiContentPolicyViolationIsContentFiltered() {
        LlmException e = classify(400, """
                {"error":{"code":"content_policy_violation","message":"Your request was rejected as a result of our \
                safety system.","param":null,"type":"invalid_request_error"}}""", Map.of());

        assertThat(e).isInstanceOf(ContentFiltered.class);
        assertThat(e.details().vendorCode()).contains("content_policy_violation");
    }

    @Test
    void anthropicOutputBlockedByItsContentFilteringPolicyIsContentFiltered() {
        assertThat(classify(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"Output blocked by content filtering policy\"}}", Map.of()))
                .isInstanceOf(ContentFiltered.class);
    }

    /**
     * OpenRouter's 403 for input its moderation flagged was a PolicyViolation, which cools the provider down for
     * long as a ban would; the prompt is the cause.
     */
    @Test
    void openRouterModerationRefusalIsContentFilteredNotABan() {
        LlmException e = classify(403, "{\"error\":{\"code\":403,\"message\":\"openai/gpt-4o requires moderation on "
                + "OpenRouter. Your input was flagged for \\\"harassment\\\"\",\"metadata\":{\"reasons\":[\"harassment\"],"
                + "\"flagged_input\":\"...\"}}}", Map.of());

        assertThat(e).isInstanceOf(ContentFiltered.class);
        assertThat(e.httpStatus()).hasValue(403);
    }

    @Test
    void rateLimitCarriesRequestIdRetryAfterAndCounters() {
        LlmException e = classify(429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
                + "\"code\":\"rate_limit_exceeded\"}}", Map.of("retry-after", "7", "x-request-id", "req_9",
                "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "1s"));

        assertThat(e).isInstanceOfSatisfying(RateLimited.class, r -> assertThat(r.quotaExhausted()).isFalse());
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.requestId()).contains("req_9");
        assertThat(e.details().vendorCode()).contains("rate_limit_exceeded");
        assertThat(e.details().rateLimit().remainingRequests()).hasValue(0);
    }

    @Test
    void rateLimitWithoutRetryAfterWaitsForTheExhaustedCounter() {
        LlmException e = classify(429, "{\"error\":{\"message\":\"Rate limit reached\"}}", Map.of(
                "x-ratelimit-remaining-requests", "10", "x-ratelimit-reset-requests", "1s",
                "x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "6m0s"));

        assertThat(e.retryAfter()).contains(Duration.ofMinutes(6));
    }

    @Test
    void rateLimitWithoutHeadersReadsTheHintInTheMessage() {
        LlmException e = classify(429, "{\"error\":{\"message\":\"Rate limit reached for gpt-4o on tokens per min "
                + "(TPM): Limit 30000, Used 29937, Requested 385. Please try again in 644ms.\",\"type\":\"tokens\","
                + "\"code\":\"rate_limit_exceeded\"}}", Map.of());

        assertThat(e.retryAfter()).contains(Duration.ofMillis(644));
    }

    @Test
    void azureRateLimitHintInSecondsIsRead() {
        LlmException e = classify(429, "{\"error\":{\"code\":\"429\",\"message\":\"Requests to the ChatCompletions_Create "
                + "Operation have exceeded token rate limit. Please retry after 86400 seconds.\"}}", Map.of());

        assertThat(e).isInstanceOf(RateLimited.class);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(86400));
    }

    @Test
    void spentQuotaIsNotAPassingRateLimit() {
        LlmException e = classify(429, "{\"error\":{\"message\":\"You exceeded your current quota, please check your "
                + "plan and billing details.\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}", Map.of());

        assertThat(e).isInstanceOfSatisfying(RateLimited.class, r -> assertThat(r.quotaExhausted()).isTrue());
    }

    @Test
    void ordinaryRateLimitMentioningTheBillingPageIsNotAQuota() {
        LlmException e = classify(429, "{\"error\":{\"message\":\"Rate limit reached. Visit "
                + "https://platform.openai.com/account/billing to add a payment method.\",\"code\":\"rate_limit_exceeded\"}}",
                Map.of());

        assertThat(e).isInstanceOfSatisfying(RateLimited.class, r -> assertThat(r.quotaExhausted()).isFalse());
    }

    @Test
    void paymentRequiredIsAQuota() {
        LlmException e = classify(402, "{\"error\":{\"code\":402,\"message\":\"Insufficient credits\"}}", Map.of());

        assertThat(e).isInstanceOfSatisfying(RateLimited.class, r -> assertThat(r.quotaExhausted()).isTrue());
        assertThat(e.details().vendorCode()).contains("402");
    }

    @Test
    void htmlErrorPageIsDescribedNeverQuoted() {
        LlmException e = classify(502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                Map.of());

        assertThat(e).isInstanceOf(ServerError.class);
        assertThat(e.getMessage()).contains("HTTP 502 with an HTML body (a proxy's error page)")
                .doesNotContain("nginx");
    }

    @Test
    void emptyAndPlainTextBodiesAreDescribed() {
        assertThat(classify(503, "", Map.of())).isInstanceOf(Overloaded.class)
                .hasMessageContaining("HTTP 503 with an empty body");
        assertThat(classify(500, "upstream connect error", Map.of()))
                .hasMessageContaining("non-JSON body").hasMessageNotContaining("upstream");
    }

    @Test
    void flatErrorWithNumericCodeIsRead() {
        LlmException e = classify(404, "{\"object\":\"error\",\"message\":\"The model `x` does not exist.\","
                + "\"type\":\"NotFoundError\",\"param\":null,\"code\":404}", Map.of());

        assertThat(e).isInstanceOf(ModelNotFound.class).hasMessageContaining("does not exist");
        assertThat(e.details().vendorCode()).contains("404");
    }

    @Test
    void echoedKeyIsRedactedAndLongMessagesCapped() {
        LlmException e = classify(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-abc***xyz. Also "
                + "sk-secret-key-1234567890 " + "x".repeat(1000) + "\",\"code\":\"invalid_api_key\"}}", Map.of());

        assertThat(e).isInstanceOf(AuthenticationFailed.class);
        assertThat(e.getMessage()).doesNotContain("sk-abc").doesNotContain("sk-secret").contains("[redacted]");
        assertThat(e.getMessage().length()).isLessThan(Redactor.MAX_MESSAGE_CHARS + 120);
    }

    @Test
    void requestIdIsReadFromEitherHeader() {
        assertThat(classify(500, "", Map.of("request-id", "req_ant")).requestId()).contains("req_ant");
        assertThat(classify(500, "", Map.of("x-request-id", "req_oai")).requestId()).contains("req_oai");
    }

    @Test
    void inBodyErrorsKeepTheirMeaning() {
        var details = io.relay4j.core.error.ErrorDetails.of("p");
        assertThat(ErrorClassifier.inBody(details, new VendorError("busy", Optional.empty(),
                Optional.of("server_error")), REDACTOR)).isInstanceOf(ServerError.class);
        assertThat(ErrorClassifier.inBody(details, new VendorError("slow down", Optional.of("rate_limit_exceeded"),
                Optional.empty()), REDACTOR)).isInstanceOf(RateLimited.class);
        assertThat(ErrorClassifier.inBody(details, new VendorError("Overloaded", Optional.empty(),
                Optional.of("overloaded_error")), REDACTOR)).isInstanceOf(Overloaded.class);
        assertThat(ErrorClassifier.inBody(details, new VendorError("gone", Optional.of("502"),
                Optional.empty()), REDACTOR)).isInstanceOf(ServerError.class);
    }

    /** In-body errors of a 200 used to be ServerErrors (retried in place) whatever their type said. */
    @Test
    void inBodyRefusalsBadRequestsKeysAndModelsKeepTheirMeaning() {
        var details = io.relay4j.core.error.ErrorDetails.of("p");
        assertThat(ErrorClassifier.inBody(details, new VendorError("rejected", Optional.of("content_policy_violation"),
                Optional.of("invalid_request_error")), REDACTOR)).isInstanceOf(ContentFiltered.class);
        assertThat(ErrorClassifier.inBody(details, new VendorError("bad field", Optional.empty(),
                Optional.of("invalid_request_error")), REDACTOR)).isInstanceOf(InvalidRequest.class);
        assertThat(ErrorClassifier.inBody(details, new VendorError("Incorrect API key provided",
                Optional.of("invalid_api_key"), Optional.of("invalid_request_error")), REDACTOR))
                .isInstanceOf(AuthenticationFailed.class);
        assertThat(ErrorClassifier.inBody(details, new VendorError("The model `x` does not exist",
                Optional.of("model_not_found"), Optional.of("invalid_request_error")), REDACTOR))
                .isInstanceOf(ModelNotFound.class);
    }

    @Test
    void requestTimeoutStatusIsATotalTimeout() {
        assertThat(classify(408, "", Map.of())).isInstanceOfSatisfying(Timeout.class,
                t -> assertThat(t.kind()).isEqualTo(Timeout.Kind.ATTEMPT));
    }

    @Test
    void permissionAndUnknownClientErrors() {
        assertThat(classify(403, "{\"error\":{\"message\":\"Country, region, or territory not supported\"}}", Map.of()))
                .isInstanceOf(PolicyViolation.class);
        assertThat(classify(418, "", Map.of())).isInstanceOf(InvalidRequest.class);
    }

    @Test
    void aVendorsReadingDecidesTheTypeButTheExceptionKeepsTheRepliesStatus() {
        HttpReply reply = reply(500, Map.of("request-id", "req_r"));
        VendorError overloaded = new VendorError("Overloaded", Optional.empty(), Optional.of("overloaded_error"));

        LlmException e = ErrorClassifier.fromReply(reply, overloaded, VendorReading.status(529),
                ErrorClassifier.details(reply, NOW), REDACTOR);

        assertThat(e).isInstanceOf(Overloaded.class).hasMessageContaining("HTTP 500: Overloaded");
        assertThat(e.httpStatus()).hasValue(500);
        assertThat(e.requestId()).contains("req_r");
        assertThat(e.details().vendorCode()).contains("overloaded_error");
    }

    @Test
    void aVendorsQuotaReadingWinsOverTheQuotaWordsOfItsMessage() {
        HttpReply reply = reply(429, Map.of());
        VendorError perMinute = new VendorError("You exceeded your current quota, please check your plan and billing "
                + "details.", Optional.empty(), Optional.of("RESOURCE_EXHAUSTED"));
        var details = ErrorClassifier.details(reply, NOW);

        assertThat(ErrorClassifier.fromReply(reply, perMinute, VendorReading.status(429), details, REDACTOR))
                .isInstanceOfSatisfying(RateLimited.class, r -> assertThat(r.quotaExhausted()).isTrue());
        assertThat(ErrorClassifier.fromReply(reply, perMinute, VendorReading.rateLimited(false), details, REDACTOR))
                .isInstanceOfSatisfying(RateLimited.class, r -> assertThat(r.quotaExhausted()).isFalse());
    }

    @Test
    void aRateLimitReadByTheVendorStillWaitsForTheHintInItsMessage() {
        HttpReply reply = reply(429, Map.of());
        VendorError limited = new VendorError("Please retry in 3s.", Optional.empty(), Optional.empty());

        assertThat(ErrorClassifier.fromReply(reply, limited, VendorReading.rateLimited(false),
                ErrorClassifier.details(reply, NOW), REDACTOR).retryAfter()).contains(Duration.ofSeconds(3));
    }

    @Test
    void anInBodyErrorReadByTheVendorIsTypedByItsReadingWithoutAStatus() {
        VendorError tooLong = new VendorError("Your input context is too long", Optional.empty(),
                Optional.of("INTERNAL"));

        LlmException e = ErrorClassifier.inBody(io.relay4j.core.error.ErrorDetails.of("p"), tooLong,
                VendorReading.status(413), REDACTOR);

        assertThat(e).isInstanceOf(ContextLengthExceeded.class)
                .hasMessageContaining("the vendor reported an error in the response body");
        assertThat(e.httpStatus()).isEmpty();
        assertThat(e.details().vendorCode()).contains("INTERNAL");
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Please try again in 644ms.| PT0.644S", "PLEASE TRY AGAIN IN 20 SECONDS| PT20S",
            "Please RETRY after 86400 seconds.| PT24H", "Retry in 2 minutes| PT2M", "TrY aGaIn AfTeR 1.5s| PT1.5S",
            "try again later| ''", "please retry| ''", "Rate limit reached for requests| ''", "try| ''", "''| ''"})
    void aRetryHintIsReadInAnyCaseAndOnlyWhereOneIs(String message, String expected) {
        Optional<Duration> hint = ErrorClassifier.retryHint(message);

        if (expected.isEmpty()) {
            assertThat(hint).isEmpty();
        } else {
            assertThat(hint).contains(Duration.parse(expected));
        }
    }

    @Test
    void aMessageWithoutHintOrWithNoMessageWaitsForNothing() {
        assertThat(ErrorClassifier.retryHint(null)).isEmpty();
        assertThat(ErrorClassifier.retryHint("The server had an error while processing your request.")).isEmpty();
    }

    @Test
    void anErrorClassifiedFromAReplyCarriesNoStackTraceButSuppressionWorks() {
        LlmException e = classify(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}",
                Map.of());
        LlmException next = classify(503, "", Map.of());

        e.addSuppressed(next);

        assertThat(e).isInstanceOf(ServerError.class);
        assertThat(e.getStackTrace()).isEmpty();
        assertThat(next.getStackTrace()).isEmpty();
        assertThat(e.getSuppressed()).containsExactly(next);
    }

    private static HttpReply reply(int status, Map<String, String> headers) {
        return new HttpReply("p", status, new HashMap<>(headers), new byte[0], Duration.ofMillis(5));
    }

    private static LlmException classify(int status, String body, Map<String, String> headers) {
        HttpReply reply = new HttpReply("p", status, new HashMap<>(headers), body.getBytes(StandardCharsets.UTF_8),
                Duration.ofMillis(5));
        return ErrorClassifier.fromReply(reply, VendorError.parse(reply.body()), REDACTOR, NOW);
    }
}
