package io.relay4j.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.relay4j.core.error.AuthenticationFailed;
import io.relay4j.core.error.ContextLengthExceeded;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.ModelNotFound;
import io.relay4j.core.error.Overloaded;
import io.relay4j.core.error.PolicyViolation;
import io.relay4j.core.error.RateLimited;
import io.relay4j.core.error.ServerError;
import io.relay4j.providers.internal.ErrorClassifier;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.Json;
import io.relay4j.providers.internal.Redactor;
import io.relay4j.providers.internal.VendorError;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Classifies Gemini's errors, a {@code google.rpc.Status} as JSON ({@code {"error":{"code","message","status",
 * "details"}}}, sometimes wrapped in a one-element array), into the taxonomy. The canonical {@code status}
 * decides where Gemini documents it; bodies that are not Google's (HTML, empty) and statuses added later go
 * to the shared status table.
 *
 * <ul>
 *   <li>{@code INVALID_ARGUMENT}: {@link AuthenticationFailed} when an {@code ErrorInfo} detail says
 *       {@code API_KEY_INVALID} (Gemini answers a bad key with 400, not 401); {@link ContextLengthExceeded}
 *       when the message says the input is over the model's token limit; otherwise {@link InvalidRequest}.</li>
 *   <li>{@code FAILED_PRECONDITION} (free tier not available in the caller's region, billing required) and
 *       {@code PERMISSION_DENIED}: {@link PolicyViolation}, which the router cools down for long: neither
 *       passes with a retry.</li>
 *   <li>{@code RESOURCE_EXHAUSTED}: {@link RateLimited}, waiting for the body's {@code RetryInfo.retryDelay}.
 *       It is {@linkplain RateLimited#quotaExhausted() quota exhausted} only when a {@code QuotaFailure}
 *       violation names a per-day quota or states a quota of 0 (the plan has none for this model): those do
 *       not pass within minutes. Gemini's message ("You exceeded your current quota, please check your plan
 *       and billing details") is the same for per-minute limits, so the message is not used.</li>
 *   <li>{@code INTERNAL}: {@link ServerError}, or {@link ContextLengthExceeded} when its message says the
 *       input context is too long (Gemini documents that case under 500); {@code UNAVAILABLE}:
 *       {@link Overloaded}; {@code DEADLINE_EXCEEDED}: {@link ServerError}.</li>
 * </ul>
 * The ErrorInfo reason, else the status, is the exception's vendor code; messages are redacted.
 */
final class GeminiErrors {

    private static final String RPC_TYPE = "type.googleapis.com/google.rpc.";

    private final Redactor redactor;

    GeminiErrors(Redactor redactor) {
        this.redactor = redactor;
    }

    /** A non-2xx reply, or a 2xx whose body is an error. */
    LlmException fromReply(HttpReply reply) {
        Instant now = Instant.now();
        Optional<JsonNode> error = errorObject(reply.body());
        if (error.isPresent() && reply.isSuccess()) {
            // a 2xx status says nothing about the error: its status and message must
            return inBody(ErrorClassifier.details(reply, now), error.get());
        }
        String status = error.flatMap(e -> Json.text(e, "status")).orElse("");
        if (!isDocumented(status)) {
            // the status, not the numeric code (the HTTP status again), is the vendor code worth reporting
            Optional<VendorError> vendorError = error.map(e -> new VendorError(Json.text(e, "message").orElse(""),
                    Optional.empty(), Json.text(e, "status")));
            return ErrorClassifier.fromReply(reply, vendorError, redactor, now);
        }
        String message = "HTTP " + reply.status() + ": " + redactor.scrub(Json.text(error.get(), "message").orElse(""));
        return byStatus(status, error.get(), ErrorClassifier.details(reply, now), message);
    }

    /** An {@code {"error":...}} chunk received after HTTP 200, typed by its status. */
    LlmException fromStreamError(ErrorDetails streamDetails, JsonNode chunk) {
        return inBody(streamDetails, chunk.path("error"));
    }

    private LlmException inBody(ErrorDetails details, JsonNode error) {
        String status = Json.text(error, "status").orElse("");
        VendorError vendorError = new VendorError(Json.text(error, "message").orElse(""), Json.text(error, "code"),
                Json.text(error, "status"));
        if (!isDocumented(status)) {
            return ErrorClassifier.inBody(details, vendorError, redactor);
        }
        String message = "the vendor reported an error in the response body: " + redactor.scrub(vendorError.message());
        return byStatus(status, error, details, message);
    }

    /** True when a JSON value is Gemini's error envelope. */
    static boolean isError(JsonNode node) {
        return node.path("error").isObject();
    }

    private static LlmException byStatus(String status, JsonNode error, ErrorDetails details, String message) {
        JsonNode rpcDetails = error.path("details");
        String reason = detail(rpcDetails, "ErrorInfo").path("reason").asText("");
        ErrorDetails d = details.withVendorCode(reason.isEmpty() ? status : reason);
        Optional<Duration> retryDelay = protoDuration(detail(rpcDetails, "RetryInfo").path("retryDelay").asText(""));
        if (retryDelay.isPresent()) {
            d = d.withRetryAfter(retryDelay.get());
        }
        String vendorMessage = Json.text(error, "message").orElse("");
        return switch (status) {
            case "INVALID_ARGUMENT" -> {
                if ("API_KEY_INVALID".equals(reason)) {
                    yield new AuthenticationFailed(message, d);
                }
                yield isInputTooLong(vendorMessage) ? new ContextLengthExceeded(message, d)
                        : new InvalidRequest(message, d);
            }
            case "UNAUTHENTICATED" -> new AuthenticationFailed(message, d);
            case "FAILED_PRECONDITION", "PERMISSION_DENIED" -> new PolicyViolation(message, d);
            case "NOT_FOUND" -> new ModelNotFound(message, d);
            case "RESOURCE_EXHAUSTED" -> new RateLimited(message, d, isQuotaSpent(rpcDetails));
            case "UNAVAILABLE" -> new Overloaded(message, d);
            case "INTERNAL" -> isInputTooLong(vendorMessage) ? new ContextLengthExceeded(message, d)
                    : new ServerError(message, d);
            default -> new ServerError(message, d);
        };
    }

    private static boolean isDocumented(String status) {
        return switch (status) {
            case "INVALID_ARGUMENT", "UNAUTHENTICATED", "FAILED_PRECONDITION", "PERMISSION_DENIED", "NOT_FOUND",
                    "RESOURCE_EXHAUSTED", "UNAVAILABLE", "INTERNAL", "DEADLINE_EXCEEDED" -> true;
            default -> false;
        };
    }

    private static boolean isInputTooLong(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("exceeds the maximum number of tokens") || m.contains("input token count")
                || m.contains("context is too long") || m.contains("context too long");
    }

    private static boolean isQuotaSpent(JsonNode rpcDetails) {
        for (JsonNode violation : detail(rpcDetails, "QuotaFailure").path("violations")) {
            String quota = (violation.path("quotaId").asText("") + " " + violation.path("quotaMetric").asText(""))
                    .toLowerCase(Locale.ROOT);
            if (quota.contains("perday") || "0".equals(violation.path("quotaValue").asText())) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode detail(JsonNode rpcDetails, String rpcType) {
        for (JsonNode detail : rpcDetails) {
            if ((RPC_TYPE + rpcType).equals(detail.path("@type").asText())) {
                return detail;
            }
        }
        return MissingNode.getInstance();
    }

    /** A protobuf Duration in JSON: decimal seconds with an {@code s} suffix ({@code "22s"}, {@code "1.5s"}). */
    static Optional<Duration> protoDuration(String value) {
        if (!value.endsWith("s")) {
            return Optional.empty();
        }
        try {
            BigDecimal seconds = new BigDecimal(value.substring(0, value.length() - 1));
            return seconds.signum() < 0 ? Optional.empty()
                    : Optional.of(Duration.ofNanos(seconds.movePointRight(9).longValue()));
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** The {@code error} object of a body, unwrapping the one-element array some endpoints send. */
    private static Optional<JsonNode> errorObject(byte[] body) {
        JsonNode node;
        try {
            node = Json.parse(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (node.isArray() && node.size() == 1) {
            node = node.get(0);
        }
        return isError(node) ? Optional.of(node.get("error")) : Optional.empty();
    }
}
