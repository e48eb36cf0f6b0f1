package io.relay4j.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Asks the model for JSON that follows a schema. Immutable; make one with {@link #jsonSchema(String, String)}.
 * {@link #toString()} shows the schema's name only.
 */
public final class ResponseFormat {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String name;
    private final String schemaJson;
    private final boolean strict;

    private ResponseFormat(String name, String schemaJson, boolean strict) {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(schemaJson, "schemaJson must not be null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "response format name must be 1-64 letters, digits, '_' or '-', got '" + name + "'");
        }
        if (schemaJson.isBlank()) {
            throw new IllegalArgumentException("schemaJson must not be blank");
        }
        this.name = name;
        this.schemaJson = schemaJson;
        this.strict = strict;
    }

    /**
     * JSON that follows {@code schemaJson}, enforced strictly where the vendor can.
     *
     * @param name       the schema's name (letters, digits, {@code _} and {@code -}, at most 64), as OpenAI requires
     * @param schemaJson the JSON Schema as JSON text
     */
    public static ResponseFormat jsonSchema(String name, String schemaJson) {
        return new ResponseFormat(name, schemaJson, true);
    }

    /** This format, with the vendor asked to enforce the schema exactly ({@code true}) or loosely. */
    public ResponseFormat withStrict(boolean strict) {
        return new ResponseFormat(name, schemaJson, strict);
    }

    /** The schema's name. */
    public String name() {
        return name;
    }

    /** The JSON Schema as JSON text. */
    public String schemaJson() {
        return schemaJson;
    }

    /** Whether the vendor should enforce the schema exactly where it can. */
    public boolean strict() {
        return strict;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseFormat other && name.equals(other.name) && schemaJson.equals(other.schemaJson)
                && strict == other.strict;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, schemaJson, strict);
    }

    @Override
    public String toString() {
        return "ResponseFormat[name=" + name + ", strict=" + strict + "]";
    }
}
