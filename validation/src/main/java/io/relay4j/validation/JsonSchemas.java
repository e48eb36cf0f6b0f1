package io.relay4j.validation;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON Schema machinery the validators share: compiling a schema (checked against its meta-schema first) and
 * describing a failure by locations and rules only, never the values, which may be a prompt's data.
 */
final class JsonSchemas {

    static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final String DEFAULT_DIALECT = "https://json-schema.org/draft/2020-12/schema";
    private static final int REPORTED_ERRORS = 5;
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    /** The dialects whose meta-schemas are loaded up front, each as a schema's {@code $schema} names it. */
    private static final List<String> DIALECTS = List.of(DEFAULT_DIALECT, "https://json-schema.org/draft/2019-09/schema",
            "http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-06/schema#",
            "http://json-schema.org/draft-04/schema#");

    static {
        // The registry reads each meta-schema (and its vocabularies) from its jar the first time it is used: a
        // blocking read, which must not happen on the event loop that validates the first tool call. So it happens
        // here, when a validator is built.
        for (String dialect : DIALECTS) {
            REGISTRY.getSchema(SchemaLocation.of(dialect)).initializeValidators();
        }
        compile("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"format\":\"date-time\"}}}")
                .validate(JSON.readTree("{\"a\":\"2026-11-30T12:00:00Z\"}"));
    }

    private JsonSchemas() {
    }

    /** Loads what validation needs from the jars, on the caller's thread (this class's initialisation does it). */
    static void load() {
        // the work is in the static initialiser; calling this is what runs it
    }

    /**
     * {@code schemaJson} compiled, draft 2020-12 unless its {@code $schema} names another.
     *
     * @throws IllegalArgumentException when the schema is not JSON or not a valid JSON Schema, saying where
     */
    static Schema compile(String schemaJson) {
        JsonNode schemaNode;
        try {
            schemaNode = JSON.readTree(schemaJson);
        } catch (JacksonException e) {
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
            return schema;
        } catch (SchemaException e) {
            throw new IllegalArgumentException("the JSON Schema cannot be used: " + e.getMessage(), e);
        }
    }

    private static Schema metaSchemaOf(JsonNode schemaNode) {
        JsonNode declared = schemaNode.path("$schema");
        String dialect = declared.isString() ? declared.asString() : DEFAULT_DIALECT;
        try {
            return REGISTRY.getSchema(SchemaLocation.of(dialect));
        } catch (SchemaException e) {
            throw new IllegalArgumentException("the JSON Schema declares an unknown $schema dialect: " + dialect, e);
        }
    }

    /** Locations and rules only: an error's own message may quote the offending value. */
    static String describe(List<Error> errors) {
        String shown = errors.stream().limit(REPORTED_ERRORS)
                .map(JsonSchemas::describe)
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

    /** Where a parse failed, as " (line L, column C)", or nothing when unknown. */
    static String at(TokenStreamLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
