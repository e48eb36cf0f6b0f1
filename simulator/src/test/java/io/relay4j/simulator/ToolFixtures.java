package io.relay4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;

/**
 * Tools, schemas and images shared by the tool, image, structured-output and reasoning wire-format tests and the
 * end-to-end tests in {@code e2e}.
 */
public final class ToolFixtures {

    public static final String WEATHER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"minLength\":3},"
            + "\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]},\"days\":{\"type\":\"integer\",\"minimum\":1,"
            + "\"maximum\":7}},\"required\":[\"city\",\"unit\"],\"additionalProperties\":false}";
    public static final String TIME_SCHEMA = "{\"type\":\"object\",\"properties\":{\"zone\":{\"type\":\"string\"}},\"required\":[\"zone\"]}";
    public static final String ANSWER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"},"
            + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"minItems\":2},\"score\":{\"type\":\"number\","
            + "\"minimum\":0,\"maximum\":1},\"done\":{\"type\":\"boolean\"},\"when\":{\"type\":\"string\",\"format\":\"date-time\"}},"
            + "\"required\":[\"title\",\"tags\",\"score\",\"done\"],\"additionalProperties\":false}";
    /** A 1x1 PNG. */
    public static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    public static final String NOT_BASE64 = "not*base64!";

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private ToolFixtures() {
    }

    /** Asserts that {@code value} satisfies {@code schemaJson}. */
    public static void assertValid(String schemaJson, JsonNode value) {
        JsonNode schema = OpenAiWireFormatTest.json(schemaJson);
        List<Error> errors = REGISTRY.getSchema(schema).validate(value);
        assertThat(errors).as("%s against %s", value, schemaJson).isEmpty();
    }

    /** Asserts that {@code text} is JSON that satisfies {@code schemaJson}. */
    public static void assertValidJson(String schemaJson, String text) {
        assertValid(schemaJson, OpenAiWireFormatTest.json(text));
    }
}
