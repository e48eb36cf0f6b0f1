package io.relay4j.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.relay4j.core.validation.OutputValidator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Accepts answers that are JSON documents valid against a JSON Schema (draft 2020-12 unless the
 * schema's {@code $schema} names another draft).
 *
 * <p>Guarantees: the schema is checked against its meta-schema when the validator is built, so a
 * malformed schema fails at configuration time with a message saying what is wrong, never at the
 * first answer. A failure message names the failing locations (JSON paths) and the schema rules they
 * break, never the output's values. Immutable and thread-safe; validation is CPU-only.
 */
public final class JsonSchemaOutputValidator implements OutputValidator {

    private static final String DEFAULT_DIALECT = "https://json-schema.org/draft/2020-12/schema";
    private static final int REPORTED_ERRORS = 5;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private final Schema schema;

    private JsonSchemaOutputValidator(Schema schema) {
        this.schema = schema;
    }

    /**
     * A validator for {@code schemaJson}.
     *
     * @throws IllegalArgumentException when the schema is not JSON or not a valid JSON Schema, saying where
     */
    public static JsonSchemaOutputValidator of(String schemaJson) {
        Objects.requireNonNull(schemaJson, "schemaJson must not be null");
        JsonNode schemaNode;
        try {
            schemaNode = JSON.readTree(schemaJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the JSON Schema is not valid JSON" + at(e.getLocation()), e);
        }
        if (schemaNode == null || !(schemaNode.isObject() || schemaNode.isBoolean())) {
            throw new IllegalArgumentException("a JSON Schema must be a JSON object (or true/false)");
        }
        List<Error> schemaErrors = metaSchemaOf(schemaNode).validate(schemaNode);
        if (!schemaErrors.isEmpty()) {
            throw new IllegalArgumentException("the JSON Schema is not valid: " + describe(schemaErrors));
        }
        try {
            Schema schema = REGISTRY.getSchema(schemaNode);
            schema.initializeValidators();
            return new JsonSchemaOutputValidator(schema);
        } catch (SchemaException e) {
            throw new IllegalArgumentException("the JSON Schema cannot be used: " + e.getMessage(), e);
        }
    }

    private static Schema metaSchemaOf(JsonNode schemaNode) {
        JsonNode declared = schemaNode.path("$schema");
        String dialect = declared.isTextual() ? declared.asText() : DEFAULT_DIALECT;
        try {
            return REGISTRY.getSchema(SchemaLocation.of(dialect));
        } catch (SchemaException e) {
            throw new IllegalArgumentException("the JSON Schema declares an unknown $schema dialect: " + dialect, e);
        }
    }

    @Override
    public Optional<String> validate(String output) {
        JsonNode answer;
        try {
            answer = JSON.readTree(output);
        } catch (JsonProcessingException e) {
            return Optional.of("the answer is not JSON" + at(e.getLocation()));
        }
        if (answer == null || answer.isMissingNode()) {
            return Optional.of("the answer is empty, a JSON document was expected");
        }
        List<Error> errors = schema.validate(answer);
        return errors.isEmpty()
                ? Optional.empty()
                : Optional.of("the answer does not match the JSON Schema: " + describe(errors));
    }

    /** Locations and rules only: an error's own message may quote the offending value. */
    private static String describe(List<Error> errors) {
        String shown = errors.stream().limit(REPORTED_ERRORS)
                .map(JsonSchemaOutputValidator::describe)
                .collect(Collectors.joining("; "));
        int hidden = errors.size() - REPORTED_ERRORS;
        return hidden > 0 ? shown + "; and " + hidden + " more" : shown;
    }

    private static String describe(Error error) {
        String rule = "required".equals(error.getKeyword()) && error.getProperty() != null
                ? "required property '" + error.getProperty() + "' is missing"
                : "breaks '" + error.getKeyword() + "'";
        String location = String.valueOf(error.getInstanceLocation());
        return (location.isEmpty() ? "(root)" : location) + ": " + rule + " (schema " + error.getSchemaLocation() + ")";
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
