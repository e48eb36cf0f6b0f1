package io.relay4j.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Classifies Anthropic's errors, {@code {"type":"error","error":{"type","message"},"request_id"}}, into the
 * taxonomy. The error type decides where it is known; otherwise the HTTP status does, so bodies that are not
 * Anthropic's (a Cloudflare 413 or 502 page, an empty body) are classified too.
 *
 * <ul>
 *   <li>{@code invalid_request_error}: {@link ContextLengthExceeded} when the message says the prompt is too
 *       long, otherwise {@link InvalidRequest}.</li>
 *   <li>{@code billing_error} (402): {@link RateLimited} with {@code quotaExhausted}: credit does not come
 *       back after a short wait.</li>
 *   <li>{@code request_too_large} (413): {@link ContextLengthExceeded}, since a smaller request (or another
 *       provider with larger limits) is the remedy.</li>
 *   <li>{@code api_error} (500) and {@code timeout_error} (504): {@link ServerError};
 *       {@code overloaded_error} (529): {@link Overloaded}.</li>
 * </ul>
 */
final class AnthropicErrors {

    private static final Set<String> KNOWN_TYPES = Set.of("invalid_request_error", "authentication_error",
            "billing_error", "permission_error", "not_found_error", "request_too_large", "rate_limit_error",
            "overloaded_error", "api_error", "timeout_error");

    private final ObjectMapper json;
    private final String apiKey;

    AnthropicErrors(ObjectMapper json, String apiKey) {
        this.json = json;
        this.apiKey = apiKey;
    }

    /** A non-2xx reply, or a 2xx whose body is an error. */
    LlmException fromReply(HttpReply reply) {
        ErrorDetails details = ErrorDetails.of(reply.provider()).withStatus(reply.status());
        Optional<JsonNode> body = parse(reply.body());
        Optional<String> requestId = reply.header("request-id")
                .or(() -> body.map(b -> b.path("request_id").asText(null)));
        if (requestId.isPresent()) {
            details = details.withRequestId(requestId.get());
        }
        details = withRetryHints(details, reply);
        JsonNode error = body.map(b -> b.path("error")).filter(JsonNode::isObject).orElse(null);
        if (error == null) {
            return classify(details, OptionalInt.of(reply.status()), null,
                    "HTTP " + reply.status() + " with " + describeBody(reply.body()));
        }
        return fromErrorObject(details, OptionalInt.of(reply.status()), error);
    }

    /** An {@code event: error} received after HTTP 200; its status is the error type's, not the stream's. */
    LlmException fromStreamError(String provider, JsonNode event) {
        JsonNode error = event.path("error");
        ErrorDetails details = ErrorDetails.of(provider);
        String requestId = event.path("request_id").asText(null);
        if (requestId != null) {
            details = details.withRequestId(requestId);
        }
        return fromErrorObject(details, OptionalInt.empty(), error);
    }

    private LlmException fromErrorObject(ErrorDetails details, OptionalInt status, JsonNode error) {
        String type = error.path("type").asText(null);
        String message = sanitize(error.path("message").asText(""));
        if (type != null) {
            details = details.withVendorCode(type);
        }
        return classify(details, status, type, message.isEmpty() ? "error without a message" : message);
    }

    /**
     * A known error type decides; an unknown one (Anthropic may add types) falls back on the status, and an
     * in-stream error of unknown type, which has no status, is taken as the vendor's fault.
     */
    private LlmException classify(ErrorDetails details, OptionalInt status, String type, String message) {
        String kind = type != null && KNOWN_TYPES.contains(type) ? type
                : status.isPresent() ? typeForStatus(status.getAsInt()) : "api_error";
        return switch (kind) {
            case "invalid_request_error" -> isPromptTooLong(message)
                    ? new ContextLengthExceeded(message, details)
                    : new InvalidRequest(message, details);
            case "authentication_error" -> new AuthenticationFailed(message, details);
            case "billing_error" -> new RateLimited(message, details, true);
            case "permission_error" -> new PolicyViolation(message, details);
            case "not_found_error" -> new ModelNotFound(message, details);
            case "request_too_large" -> new ContextLengthExceeded(message, details);
            case "rate_limit_error" -> new RateLimited(message, details, false);
            case "overloaded_error" -> new Overloaded(message, details);
            default -> new ServerError(message, details);
        };
    }

    private static String typeForStatus(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    private static boolean isPromptTooLong(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("prompt is too long") || m.contains("exceed context limit")
                || m.contains("context window");
    }

    private Optional<JsonNode> parse(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode node = json.readTree(body);
            return Optional.ofNullable(node).filter(JsonNode::isObject);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static ErrorDetails withRetryHints(ErrorDetails details, HttpReply reply) {
        Optional<Duration> wait = reply.header("retry-after-ms").flatMap(AnthropicErrors::millis)
                .or(() -> reply.header("retry-after").flatMap(AnthropicErrors::seconds));
        return wait.isPresent() ? details.withRetryAfter(wait.get()) : details;
    }

    private static Optional<Duration> millis(String value) {
        try {
            return Optional.of(Duration.ofMillis((long) Double.parseDouble(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String describeBody(byte[] body) {
        if (body.length == 0) {
            return "an empty body";
        }
        String start = new String(body, 0, Math.min(body.length, 256), java.nio.charset.StandardCharsets.UTF_8)
                .stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("<") ? "an HTML body" : "a body that is not Anthropic's error JSON";
    }

    private String sanitize(String vendorMessage) {
        String m = apiKey.isEmpty() ? vendorMessage : vendorMessage.replace(apiKey, "[redacted]");
        m = m.replaceAll("\\s+", " ").strip();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
