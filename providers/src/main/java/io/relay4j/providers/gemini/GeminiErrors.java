package io.relay4j.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.LlmException;
import io.relay4j.providers.internal.ErrorClassifier;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.Json;
import io.relay4j.providers.internal.Redactor;
import io.relay4j.providers.internal.VendorError;
import io.relay4j.providers.internal.VendorReading;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Gemini's errors, a {@code google.rpc.Status} as JSON ({@code {"error":{"code","message","status",
 * "details"}}}, sometimes wrapped in a one-element array), for the shared {@link ErrorClassifier} table. The
 * canonical {@code status} decides, at the HTTP status it stands for; bodies that are not Google's (HTML, empty)
 * and statuses added later go to the table by the reply's own status.
 *
 * <p>What is Gemini's own:
 * <ul>
 *   <li>the HTTP status of each canonical status ({@code INVALID_ARGUMENT} 400, {@code UNAUTHENTICATED} 401,
 *       {@code PERMISSION_DENIED} 403, {@code NOT_FOUND} 404, {@code RESOURCE_EXHAUSTED} 429, {@code INTERNAL}
 *       500, {@code UNAVAILABLE} 503, {@code DEADLINE_EXCEEDED} 504);</li>
 *   <li>{@code FAILED_PRECONDITION} (free tier not available in the caller's region, billing required) stands for
 *       403, a policy violation that the router cools down for long: it does not pass with a retry;</li>
 *   <li>an {@code INVALID_ARGUMENT} whose {@code ErrorInfo} reason is {@code API_KEY_INVALID} stands for 401
 *       (Gemini answers a bad key with 400);</li>
 *   <li>an {@code INVALID_ARGUMENT} or {@code INTERNAL} whose message says the input is over the model's token
 *       limit stands for 413, context length exceeded (Gemini documents the second case under 500);</li>
 *   <li>{@code RESOURCE_EXHAUSTED} is a {@linkplain io.relay4j.core.error.RateLimited#quotaExhausted() spent
 *       quota} only when a {@code QuotaFailure} violation names a per-day quota or states a quota of 0 (the plan
 *       has none for this model): those do not pass within minutes. Gemini's message ("You exceeded your current
 *       quota, please check your plan and billing details") is the same for per-minute limits, so the table's
 *       reading of the message is bypassed;</li>
 *   <li>the body's {@code RetryInfo.retryDelay} is the wait, before any header.</li>
 * </ul>
 * The ErrorInfo reason, else the status, is the exception's vendor code; messages are redacted.
 */
final class GeminiErrors {

    private static final String RPC_TYPE = "type.googleapis.com/google.rpc.";
    private static final Map<String, Integer> STATUS_BY_CANONICAL = Map.of(
            "INVALID_ARGUMENT", 400, "UNAUTHENTICATED", 401, "FAILED_PRECONDITION", 403, "PERMISSION_DENIED", 403,
            "NOT_FOUND", 404, "RESOURCE_EXHAUSTED", 429, "INTERNAL", 500, "UNAVAILABLE", 503,
            "DEADLINE_EXCEEDED", 504);

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
        if (!STATUS_BY_CANONICAL.containsKey(status)) {
            // the status, not the numeric code (the HTTP status again), is the vendor code worth reporting
            Optional<VendorError> vendorError = error.map(e -> new VendorError(Json.text(e, "message").orElse(""),
                    Optional.empty(), Json.text(e, "status")));
            return ErrorClassifier.fromReply(reply, vendorError, redactor, now);
        }
        return ErrorClassifier.fromReply(reply, vendorError(error.get()), reading(status, error.get()),
                withRetryDelay(ErrorClassifier.details(reply, now), error.get()), redactor);
    }

    /** An {@code {"error":...}} chunk received after HTTP 200, typed by its status. */
    LlmException fromStreamError(ErrorDetails streamDetails, JsonNode chunk) {
        return inBody(streamDetails, chunk.path("error"));
    }

    private LlmException inBody(ErrorDetails details, JsonNode error) {
        String status = Json.text(error, "status").orElse("");
        if (!STATUS_BY_CANONICAL.containsKey(status)) {
            VendorError vendorError = new VendorError(Json.text(error, "message").orElse(""), Json.text(error, "code"),
                    Json.text(error, "status"));
            return ErrorClassifier.inBody(details, vendorError, redactor);
        }
        return ErrorClassifier.inBody(withRetryDelay(details, error), vendorError(error), reading(status, error),
                redactor);
    }

    /** True when a JSON value is Gemini's error envelope. */
    static boolean isError(JsonNode node) {
        return node.path("error").isObject();
    }

    /** What a documented canonical status stands for, refined by the reason, message and quota details. */
    private static VendorReading reading(String status, JsonNode error) {
        String message = Json.text(error, "message").orElse("");
        return switch (status) {
            case "INVALID_ARGUMENT" -> {
                if ("API_KEY_INVALID".equals(reason(error))) {
                    yield VendorReading.status(401);
                }
                yield VendorReading.status(isInputTooLong(message) ? 413 : 400);
            }
            case "INTERNAL" -> VendorReading.status(isInputTooLong(message) ? 413 : 500);
            case "RESOURCE_EXHAUSTED" -> VendorReading.rateLimited(isQuotaSpent(error.path("details")));
            default -> VendorReading.status(STATUS_BY_CANONICAL.get(status));
        };
    }

    /** The error as the table reads it: the ErrorInfo reason as its code (else the status, its type). */
    private static VendorError vendorError(JsonNode error) {
        String reason = reason(error);
        return new VendorError(Json.text(error, "message").orElse(""),
                reason.isEmpty() ? Optional.empty() : Optional.of(reason), Json.text(error, "status"));
    }

    private static ErrorDetails withRetryDelay(ErrorDetails details, JsonNode error) {
        return protoDuration(detail(error.path("details"), "RetryInfo").path("retryDelay").asText(""))
                .map(details::withRetryAfter).orElse(details);
    }

    private static String reason(JsonNode error) {
        return detail(error.path("details"), "ErrorInfo").path("reason").asText("");
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
