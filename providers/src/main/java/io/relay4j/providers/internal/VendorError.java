package io.relay4j.providers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The error a vendor stated in a JSON body, in any of the common envelopes: OpenAI's nested
 * {@code {"error":{"message","type","code"}}} (code a string or, for vLLM, OpenRouter and Gemini, a number;
 * Gemini's {@code status} read as the type), Anthropic's {@code {"type":"error","error":{"type","message"}}},
 * the flat {@code {"object":"error","message",...}} of older vLLM, and a bare {@code {"error":"text"}}.
 *
 * @param message the vendor's message, unredacted: pass it through a {@link Redactor} before showing it
 * @param code    the vendor's code, as text
 * @param type    the vendor's type or status
 */
public record VendorError(String message, Optional<String> code, Optional<String> type) {

    public VendorError {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(type, "type");
    }

    /** The envelope found in a body, or empty when the body is not JSON or holds no error. */
    public static Optional<VendorError> parse(byte[] body) {
        try {
            return from(Json.parse(body));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The envelope found in a parsed document, or empty when it holds no error. */
    public static Optional<VendorError> from(JsonNode root) {
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        JsonNode error = root.get("error");
        if (error != null && error.isObject()) {
            Optional<String> type = Json.text(error, "type").or(() -> Json.text(error, "status"));
            return Optional.of(new VendorError(Json.text(error, "message").orElse(""), Json.text(error, "code"), type));
        }
        if (error != null && error.isTextual()) {
            return Optional.of(new VendorError(error.asText(), Json.text(root, "code"), Json.text(root, "type")));
        }
        if ("error".equals(Json.text(root, "object").orElse(""))) {
            return Optional.of(new VendorError(Json.text(root, "message").orElse(""), Json.text(root, "code"),
                    Json.text(root, "type")));
        }
        return Optional.empty();
    }

    /** The code, else the type: what an exception reports as the vendor's code. */
    public Optional<String> codeOrType() {
        return code.isPresent() ? code : type;
    }

    /** Code, type and message lower-cased in one string, for keyword checks. */
    String searchable() {
        return (code.orElse("") + " " + type.orElse("") + " " + message).toLowerCase(Locale.ROOT);
    }
}
