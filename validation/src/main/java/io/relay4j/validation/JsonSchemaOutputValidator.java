package io.relay4j.validation;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.relay4j.core.validation.OutputValidator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

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
        return new JsonSchemaOutputValidator(JsonSchemas.compile(schemaJson));
    }

    @Override
    public Optional<String> validate(String output) {
        JsonNode answer;
        try {
            answer = JsonSchemas.JSON.readTree(output);
        } catch (JacksonException e) {
            return Optional.of("the answer is not JSON" + JsonSchemas.at(e.getLocation()));
        }
        if (answer == null || answer.isMissingNode()) {
            return Optional.of("the answer is empty, a JSON document was expected");
        }
        List<Error> errors = schema.validate(answer);
        return errors.isEmpty()
                ? Optional.empty()
                : Optional.of("the answer does not match the JSON Schema: " + JsonSchemas.describe(errors));
    }
}
