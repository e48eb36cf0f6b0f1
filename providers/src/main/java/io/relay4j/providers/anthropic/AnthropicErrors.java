package io.relay4j.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Classifies Anthropic's errors, {@code {"type":"error","error":{"type","message"},"request_id"}}, into the
 * taxonomy. The error type decides where Anthropic documents it, so an error inside a stream or a 200 body
 * is typed as precisely as one with its HTTP status; bodies that are not Anthropic's (a Cloudflare 413 or
 * 502 page, an empty body) and types added later go to the shared status table.
 *
 * <ul>
 *   <li>{@code invalid_request_error}: {@link ContextLengthExceeded} when the message says the prompt is too
 *       long for the context, otherwise {@link InvalidRequest}.</li>
 *   <li>{@code billing_error} (402): {@link RateLimited} with {@code quotaExhausted}: credit does not come
 *       back after a short wait.</li>
 *   <li>{@code request_too_large} (413): {@link ContextLengthExceeded}, since a smaller request, or another
 *       provider with larger limits, is the remedy.</li>
 *   <li>{@code api_error} (500) and {@code timeout_error} (504): {@link ServerError};
 *       {@code overloaded_error} (529): {@link Overloaded}.</li>
 * </ul>
 * Errors carry the {@code request-id} header (or the body's {@code request_id}), {@code retry-after} and the
 * {@code anthropic-ratelimit-*} counters; messages are redacted.
 */
final class AnthropicErrors {

    private final Redactor redactor;

    AnthropicErrors(Redactor redactor) {
        this.redactor = redactor;
    }

    /** A non-2xx reply, or a 2xx whose body is an error. */
    LlmException fromReply(HttpReply reply) {
        Instant now = Instant.now();
        Optional<JsonNode> body = parse(reply.body());
        Optional<VendorError> error = body.flatMap(VendorError::from);
        Optional<String> type = error.flatMap(VendorError::type).filter(AnthropicErrors::isDocumented);
        ErrorDetails details = ErrorClassifier.details(reply, now);
        if (type.isEmpty()) {
            // a 2xx status says nothing about the error: its type and message must
            return reply.isSuccess() && error.isPresent() ? ErrorClassifier.inBody(details, error.get(), redactor)
                    : ErrorClassifier.fromReply(reply, error, redactor, now);
        }
        if (details.requestId().isEmpty()) {
            details = details.withRequestId(body.flatMap(b -> Json.text(b, "request_id")).orElse(null));
        }
        String message = "HTTP " + reply.status() + ": " + redactor.scrub(error.get().message());
        return byType(type.get(), error.get(), details.withVendorCode(type.get()), message);
    }

    /** An {@code event: error} received after HTTP 200: typed by its error type, with no HTTP status of its own. */
    LlmException fromStreamError(ErrorDetails streamDetails, JsonNode event) {
        ErrorDetails details = Json.text(event, "request_id").map(streamDetails::withRequestId).orElse(streamDetails);
        VendorError error = VendorError.from(event)
                .orElseGet(() -> new VendorError("an error event without an error", Optional.empty(), Optional.empty()));
        Optional<String> type = error.type().filter(AnthropicErrors::isDocumented);
        if (type.isEmpty()) {
            return ErrorClassifier.inBody(details, error, redactor);
        }
        String message = "the vendor reported an error in the stream: " + redactor.scrub(error.message());
        return byType(type.get(), error, details.withVendorCode(type.get()), message);
    }

    /** An {@code event: error} whose data is not JSON: the vendor still said the stream failed. */
    LlmException fromUnparseableStreamError(ErrorDetails streamDetails, String data) {
        return ErrorClassifier.inBody(streamDetails, new VendorError(data, Optional.empty(), Optional.empty()),
                redactor);
    }

    private static LlmException byType(String type, VendorError error, ErrorDetails details, String message) {
        return switch (type) {
            case "invalid_request_error" -> isContextTooLong(error)
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

    private static boolean isDocumented(String type) {
        return switch (type) {
            case "invalid_request_error", "authentication_error", "billing_error", "permission_error",
                    "not_found_error", "request_too_large", "rate_limit_error", "overloaded_error", "api_error",
                    "timeout_error" -> true;
            default -> false;
        };
    }

    /** "prompt is too long: N tokens > M maximum", or "input length and max_tokens exceed context limit". */
    private static boolean isContextTooLong(VendorError error) {
        return ErrorClassifier.saysContextTooLong(Optional.of(error))
                || error.message().toLowerCase(Locale.ROOT).contains("exceed context limit");
    }

    private static Optional<JsonNode> parse(byte[] body) {
        try {
            return Optional.of(Json.parse(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
