package io.relay4j.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.core.error.LlmException;
import io.relay4j.providers.internal.ErrorClassifier;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.Json;
import io.relay4j.providers.internal.Redactor;
import io.relay4j.providers.internal.VendorError;
import io.relay4j.providers.internal.VendorReading;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Anthropic's errors, {@code {"type":"error","error":{"type","message"},"request_id"}}, for the shared
 * {@link ErrorClassifier} table. The error type decides, at the HTTP status Anthropic documents for it, so an
 * error inside a stream or a 200 body is typed as precisely as one with its HTTP status; bodies that are not
 * Anthropic's (a Cloudflare 413 or 502 page, an empty body) and types added later go to the table by the
 * reply's own status.
 *
 * <p>What is Anthropic's own: the status of each documented type ({@code invalid_request_error} 400,
 * {@code authentication_error} 401, {@code billing_error} 402, {@code permission_error} 403,
 * {@code not_found_error} 404, {@code request_too_large} 413, {@code rate_limit_error} 429, {@code api_error}
 * 500, {@code timeout_error} 504, {@code overloaded_error} 529); that a {@code rate_limit_error} is never a spent
 * quota (running out of credit is the separate {@code billing_error}); that the generic {@code api_error} says less
 * than a 5xx status it came with (503: the service is unavailable for now); and the body's {@code request_id}
 * where the {@code request-id} header is missing; a refused tool conversation (an orphan tool result, a call without
 * its result, a missing or foreign thinking block) stays an {@code InvalidRequest} whose message says at which turn
 * and why ({@link AnthropicToolConversationErrors}). Messages are redacted.
 */
final class AnthropicErrors {

    private static final Map<String, Integer> STATUS_BY_TYPE = Map.of(
            "invalid_request_error", 400, "authentication_error", 401, "billing_error", 402,
            "permission_error", 403, "not_found_error", 404, "request_too_large", 413, "rate_limit_error", 429,
            "api_error", 500, "timeout_error", 504, "overloaded_error", 529);

    private final Redactor redactor;

    AnthropicErrors(Redactor redactor) {
        this.redactor = redactor;
    }

    /** A non-2xx reply, or a 2xx whose body is an error. */
    LlmException fromReply(HttpReply reply) {
        Instant now = Instant.now();
        Optional<JsonNode> body = parse(reply.body());
        Optional<VendorError> error = body.flatMap(VendorError::from);
        Optional<VendorReading> reading = error.flatMap(e -> reading(e, reply.status()));
        ErrorDetails details = ErrorClassifier.details(reply, now);
        if (reading.isEmpty()) {
            // a 2xx status says nothing about the error: its type and message must
            return reply.isSuccess() && error.isPresent() ? ErrorClassifier.inBody(details, error.get(), redactor)
                    : ErrorClassifier.fromReply(reply, error, redactor, now);
        }
        if (details.requestId().isEmpty()) {
            details = details.withRequestId(body.flatMap(b -> Json.text(b, "request_id")).orElse(null));
        }
        LlmException classified = ErrorClassifier.fromReply(reply, error.get(), reading.get(), details, redactor);
        if (classified instanceof InvalidRequest) {
            Optional<String> explained = AnthropicToolConversationErrors.explain(error.get().message());
            if (explained.isPresent()) {
                return new InvalidRequest("HTTP " + reply.status() + ": " + explained.get() + "; Anthropic said: "
                        + redactor.scrub(error.get().message()), classified.details());
            }
        }
        return classified;
    }

    /** An {@code event: error} received after HTTP 200: typed by its error type, with no HTTP status of its own. */
    LlmException fromStreamError(ErrorDetails streamDetails, JsonNode event) {
        ErrorDetails details = Json.text(event, "request_id").map(streamDetails::withRequestId).orElse(streamDetails);
        VendorError error = VendorError.from(event)
                .orElseGet(() -> new VendorError("an error event without an error", Optional.empty(), Optional.empty()));
        return reading(error, 200)
                .map(reading -> ErrorClassifier.inBody(details, error, reading, redactor))
                .orElseGet(() -> ErrorClassifier.inBody(details, error, redactor));
    }

    /** An {@code event: error} whose data is not JSON: the vendor still said the stream failed. */
    LlmException fromUnparseableStreamError(ErrorDetails streamDetails, String data) {
        return ErrorClassifier.inBody(streamDetails, new VendorError(data, Optional.empty(), Optional.empty()),
                redactor);
    }

    /** What a documented error type stands for, given the status it came with; empty for other types. */
    private static Optional<VendorReading> reading(VendorError error, int replyStatus) {
        return error.type().filter(STATUS_BY_TYPE::containsKey).map(type -> switch (type) {
            case "rate_limit_error" -> VendorReading.rateLimited(false);
            case "api_error" -> VendorReading.status(replyStatus >= 500 ? replyStatus : STATUS_BY_TYPE.get(type));
            default -> VendorReading.status(STATUS_BY_TYPE.get(type));
        });
    }

    private static Optional<JsonNode> parse(byte[] body) {
        try {
            return Optional.of(Json.parse(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
