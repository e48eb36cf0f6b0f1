package io.relay4j.validation;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.relay4j.core.Tool;
import io.relay4j.core.validation.ToolArgumentsValidator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Checks tool calls' arguments against each tool's JSON Schema ({@link Tool#parametersJson()}, draft 2020-12
 * unless its {@code $schema} names another): enable it with {@code LlmRouter.builder().toolArgumentsValidator(
 * JsonSchemaToolArgumentsValidator.create())}. A call whose arguments do not match (a required property missing, a
 * wrong type: what translators that drop argument deltas leave behind) fails its attempt with an
 * {@code InvalidOutput} of reason {@code SCHEMA_MISMATCH}, which falls over by default.
 *
 * <p>Guarantees: each distinct schema is compiled once and kept, up to {@code maxCachedSchemas} of them (past that
 * the cache starts over, so memory stays bounded with many thousands of tools). A tool whose schema is not a valid
 * JSON Schema is not checked: the vendor was sent the same schema, and the answer is not at fault. A failure message
 * names locations and rules, never the arguments' values. Thread-safe; validation is CPU-only.
 */
public final class JsonSchemaToolArgumentsValidator implements ToolArgumentsValidator {

    /** The schemas kept by {@link #create()}. */
    public static final int DEFAULT_MAX_CACHED_SCHEMAS = 4096;

    private final int maxCachedSchemas;
    /** By schema text; empty for a schema that cannot be used. */
    private final ConcurrentMap<String, Optional<Schema>> schemas = new ConcurrentHashMap<>();

    private JsonSchemaToolArgumentsValidator(int maxCachedSchemas) {
        this.maxCachedSchemas = maxCachedSchemas;
        // here, on the thread that builds the router, not on the event loop that validates the first call
        JsonSchemas.load();
    }

    /** A validator keeping up to {@link #DEFAULT_MAX_CACHED_SCHEMAS} compiled schemas. */
    public static JsonSchemaToolArgumentsValidator create() {
        return new JsonSchemaToolArgumentsValidator(DEFAULT_MAX_CACHED_SCHEMAS);
    }

    /**
     * A validator keeping up to {@code maxCachedSchemas} compiled schemas.
     *
     * @throws IllegalArgumentException when {@code maxCachedSchemas} is not positive
     */
    public static JsonSchemaToolArgumentsValidator create(int maxCachedSchemas) {
        if (maxCachedSchemas < 1) {
            throw new IllegalArgumentException("maxCachedSchemas must be at least 1, got " + maxCachedSchemas);
        }
        return new JsonSchemaToolArgumentsValidator(maxCachedSchemas);
    }

    @Override
    public Optional<String> validate(Tool tool, String argumentsJson) {
        Objects.requireNonNull(tool, "tool must not be null");
        Objects.requireNonNull(argumentsJson, "argumentsJson must not be null");
        Optional<Schema> schema = schemaOf(tool.parametersJson());
        if (schema.isEmpty()) {
            return Optional.empty();
        }
        JsonNode arguments;
        try {
            arguments = JsonSchemas.JSON.readTree(argumentsJson.isEmpty() ? "{}" : argumentsJson);
        } catch (JacksonException e) {
            return Optional.of("the arguments are not JSON" + JsonSchemas.at(e.getLocation()));
        }
        List<Error> errors = schema.get().validate(arguments);
        return errors.isEmpty() ? Optional.empty() : Optional.of(JsonSchemas.describe(errors));
    }

    private Optional<Schema> schemaOf(String schemaJson) {
        Optional<Schema> known = schemas.get(schemaJson);
        if (known != null) {
            return known;
        }
        Optional<Schema> compiled;
        try {
            compiled = Optional.of(JsonSchemas.compile(schemaJson));
        } catch (IllegalArgumentException e) {
            compiled = Optional.empty();
        }
        if (schemas.size() >= maxCachedSchemas) {
            schemas.clear();
        }
        schemas.putIfAbsent(schemaJson, compiled);
        return compiled;
    }

    /** How many compiled schemas are kept now (at most {@code maxCachedSchemas}). */
    int cachedSchemas() {
        return schemas.size();
    }
}
