package io.relay4j.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.OptionalInt;

/** Reads fields of a JSON request body and turns what a vendor would reject into {@link InvalidRequestException}. */
final class RequestFields {

    private final JsonNode body;

    RequestFields(JsonNode body) {
        if (!body.isObject()) {
            throw new InvalidRequestException("the request body must be a JSON object");
        }
        this.body = body;
    }

    String requiredText(String field, String messageWhenMissing) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidRequestException(messageWhenMissing);
        }
        return value.asText();
    }

    void requiredArray(String field, String messageWhenMissing) {
        JsonNode value = body.get(field);
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw new InvalidRequestException(messageWhenMissing);
        }
    }

    OptionalInt optionalPositiveInt(String field) {
        return positiveInt(body.get(field), field);
    }

    static OptionalInt positiveInt(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return OptionalInt.empty();
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw new InvalidRequestException(field + " must be a positive integer");
        }
        return OptionalInt.of(value.asInt());
    }

    boolean flag(String field) {
        return body.path(field).asBoolean(false);
    }
}
