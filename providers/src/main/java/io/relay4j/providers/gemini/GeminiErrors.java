package io.relay4j.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.relay4j.providers.internal.HttpReply;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Classifies Gemini's errors, a {@code google.rpc.Status} as JSON ({@code {"error":{"code","message","status",
 * "details"}}}, sometimes wrapped in a one-element array), into the taxonomy. The canonical {@code status}
 * decides where it is known, otherwise the HTTP code does, so HTML or empty bodies are classified too.
 *
 * <ul>
 *   <li>{@code INVALID_ARGUMENT}: {@link AuthenticationFailed} when an {@code ErrorInfo} detail says
 *       {@code API_KEY_INVALID} (Gemini answers a bad key with 400, not 401); {@link ContextLengthExceeded}
 *       when the message says the input is too long; otherwise {@link InvalidRequest}.</li>
 *   <li>{@code FAILED_PRECONDITION} (free tier not available in the caller's region, billing required) and
 *       {@code PERMISSION_DENIED}: {@link PolicyViolation}, which the router cools down for long: neither
 *       passes with a retry.</li>
 *   <li>{@code RESOURCE_EXHAUSTED}: {@link RateLimited}, waiting for the {@code RetryInfo.retryDelay} of the
 *       body. It is {@linkplain RateLimited#quotaExhausted() quota exhausted} when a {@code QuotaFailure}
 *       violation names a per-day quota or states a quota of 0 (the plan has none for this model): those
 *       do not pass within minutes. Gemini's message ("check your plan and billing details") is the same
 *       for per-minute limits, so it is not used.</li>
 *   <li>{@code INTERNAL} is a {@link ServerError}, or {@link ContextLengthExceeded} when its message says the
 *       input context is too long (Gemini documents that case under 500); {@code UNAVAILABLE} is
 *       {@link Overloaded}; {@code DEADLINE_EXCEEDED} is a {@link ServerError}.</li>
 * </ul>
 */
final class GeminiErrors {

    private static final String RPC_TYPE = "type.googleapis.com/google.rpc.";

    private final ObjectMapper json;
    private final String apiKey;

    GeminiErrors(ObjectMapper json, String apiKey) {
        this.json = json;
        this.apiKey = apiKey;
    }

    /** A non-2xx reply, or a 2xx whose body is an error. */
    LlmException fromReply(HttpReply reply) {
        ErrorDetails details = ErrorDetails.of(reply.provider()).withStatus(reply.status());
        Optional<JsonNode> error = errorObject(reply.body());
        if (error.isEmpty()) {
            return byCode(reply.status(), "", details,
                    "HTTP " + reply.status() + " with " + describeBody(reply.body()), false);
        }
        return fromStatus(details, reply.status(), error.get());
    }

    /** An {@code {"error":...}} event received after HTTP 200: its own {@code code} stands for the status. */
    LlmException fromStreamError(String provider, JsonNode event) {
        JsonNode error = event.path("error");
        return fromStatus(ErrorDetails.of(provider), error.path("code").asInt(500), error);
    }

    /** True when a JSON value is Gemini's error envelope. */
    static boolean isError(JsonNode node) {
        return node.path("error").isObject();
    }

    private LlmException fromStatus(ErrorDetails details, int httpStatus, JsonNode error) {
        String status = error.path("status").asText("");
        String message = sanitize(error.path("message").asText(""));
        message = message.isEmpty() ? "error without a message" : message;
        JsonNode rpcDetails = error.path("details");
        String reason = detail(rpcDetails, "ErrorInfo").path("reason").asText("");
        details = details.withVendorCode(!reason.isEmpty() ? reason : !status.isEmpty() ? status : null);
        Optional<Duration> retryDelay = protoDuration(detail(rpcDetails, "RetryInfo").path("retryDelay").asText(""));
        if (retryDelay.isPresent()) {
            details = details.withRetryAfter(retryDelay.get());
        }
        return switch (status) {
            case "INVALID_ARGUMENT" -> "API_KEY_INVALID".equals(reason)
                    ? new AuthenticationFailed(message, details)
                    : byCode(400, message, details, message, false);
            case "UNAUTHENTICATED" -> new AuthenticationFailed(message, details);
            case "FAILED_PRECONDITION", "PERMISSION_DENIED" -> new PolicyViolation(message, details);
            case "NOT_FOUND" -> new ModelNotFound(message, details);
            case "RESOURCE_EXHAUSTED" -> new RateLimited(message, details, isQuotaSpent(rpcDetails));
            case "UNAVAILABLE" -> new Overloaded(message, details);
            case "INTERNAL", "DEADLINE_EXCEEDED" -> byCode(500, message, details, message, false);
            default -> byCode(httpStatus, message, details, message, isQuotaSpent(rpcDetails));
        };
    }

    private static LlmException byCode(int code, String vendorMessage, ErrorDetails details, String message,
                                       boolean quotaSpent) {
        return switch (code) {
            case 401 -> new AuthenticationFailed(message, details);
            case 403 -> new PolicyViolation(message, details);
            case 404 -> new ModelNotFound(message, details);
            case 413 -> new ContextLengthExceeded(message, details);
            case 429 -> new RateLimited(message, details, quotaSpent);
            case 503 -> new Overloaded(message, details);
            default -> {
                if (isInputTooLong(vendorMessage)) {
                    yield new ContextLengthExceeded(message, details);
                }
                yield code >= 500 ? new ServerError(message, details) : new InvalidRequest(message, details);
            }
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

    private Optional<JsonNode> errorObject(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.isArray() && node.size() == 1) {
                node = node.get(0);
            }
            return node != null && isError(node) ? Optional.of(node.get("error")) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String describeBody(byte[] body) {
        if (body.length == 0) {
            return "an empty body";
        }
        String start = new String(body, 0, Math.min(body.length, 256), StandardCharsets.UTF_8).stripLeading();
        return start.startsWith("<") ? "an HTML body" : "a body that is not Gemini's error JSON";
    }

    private String sanitize(String vendorMessage) {
        String m = apiKey.isEmpty() ? vendorMessage : vendorMessage.replace(apiKey, "[redacted]");
        m = m.replaceAll("\\s+", " ").strip();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
