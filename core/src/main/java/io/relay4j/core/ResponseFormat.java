package io.relay4j.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Asks the model for JSON that follows a schema.
 *
 * @param name       the schema's name (letters, digits, {@code _} and {@code -}, at most 64), as OpenAI requires
 * @param schemaJson the JSON Schema as JSON text
 * @param strict     whether the vendor should enforce the schema exactly where it can
 */
public record ResponseFormat(String name, String schemaJson, boolean strict) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public ResponseFormat {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(schemaJson, "schemaJson must not be null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "response format name must be 1-64 letters, digits, '_' or '-', got '" + name + "'");
        }
        if (schemaJson.isBlank()) {
            throw new IllegalArgumentException("schemaJson must not be blank");
        }
    }

    public static ResponseFormat jsonSchema(String name, String schemaJson) {
        return new ResponseFormat(name, schemaJson, true);
    }

    @Override
    public String toString() {
        return "ResponseFormat[name=" + name + ", strict=" + strict + "]";
    }
}
