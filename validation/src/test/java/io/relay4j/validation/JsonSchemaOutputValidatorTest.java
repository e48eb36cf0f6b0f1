package io.relay4j.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.error.ErrorType;
import org.junit.jupiter.api.Test;

class JsonSchemaOutputValidatorTest {

    private static final String PERSON = """
            {
              "type": "object",
              "required": ["name", "age"],
              "properties": {
                "name": {"type": "string", "minLength": 1},
                "age": {"type": "integer", "minimum": 0},
                "tags": {"type": "array", "items": {"type": "string"}}
              },
              "additionalProperties": false
            }
            """;

    private final JsonSchemaOutputValidator person = JsonSchemaOutputValidator.of(PERSON);

    @Test
    void aMatchingAnswerPasses() {
        assertThat(person.validate("{\"name\": \"Ada\", \"age\": 36, \"tags\": [\"math\"]}")).isEmpty();
    }

    @Test
    void aMismatchNamesThePathAndRuleButNotTheContent() {
        String failure = person.validate("{\"name\": \"Zaphod\", \"age\": \"forty-two\", \"tags\": [\"x\", 7]}")
                .orElseThrow();

        assertThat(failure).isEqualTo("the answer does not match the JSON Schema: "
                        + "/age: breaks 'type' (schema #/properties/age/type); "
                        + "/tags/1: breaks 'type' (schema #/properties/tags/items/type)")
                .doesNotContain("forty-two").doesNotContain("Zaphod").doesNotContain(" 7");
    }

    @Test
    void aMissingRequiredPropertyIsNamed() {
        String failure = person.validate("{\"name\": \"Ada\"}").orElseThrow();

        assertThat(failure).isEqualTo(
                "the answer does not match the JSON Schema: (root): required property 'age' is missing (schema #/required)");
    }

    @Test
    void anAnswerThatIsNotJsonFailsWithItsPositionOnly() {
        assertThat(person.validate("Sure! Here is the JSON: {\"name\": \"Ada\"}"))
                .hasValue("the answer is not JSON (line 1, column 1)");
        assertThat(person.validate("{\"name\": \"Ada\", \"age\": 3} trailing words"))
                .get().asString().startsWith("the answer is not JSON");
        assertThat(person.validate("")).hasValue("the answer is empty, a JSON document was expected");
    }

    @Test
    void aFailureBecomesInvalidOutputForTheRouter() {
        assertThat(person.check("openai", "{\"name\": \"Ada\"}")).get().satisfies(error -> {
            assertThat(error.type()).isEqualTo(ErrorType.INVALID_OUTPUT);
            assertThat(error.getMessage()).startsWith("[openai] the answer failed validation: ");
        });
    }

    @Test
    void aMalformedSchemaIsRejectedAtConstruction() {
        assertThatThrownBy(() -> JsonSchemaOutputValidator.of("{\"type\": \"object\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the JSON Schema is not valid JSON (line 1");
        assertThatThrownBy(() -> JsonSchemaOutputValidator.of("{\"type\": \"objekt\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the JSON Schema is not valid: ")
                .hasMessageContaining("type");
        assertThatThrownBy(() -> JsonSchemaOutputValidator.of("{\"properties\": {\"age\": {\"minimum\": \"zero\"}}}"))
                .hasMessageContaining("/properties/age/minimum");
        assertThatThrownBy(() -> JsonSchemaOutputValidator.of("[1, 2]"))
                .hasMessage("a JSON Schema must be a JSON object (or true/false)");
    }

    @Test
    void olderDraftsDeclaredBySchemaAreHonoured() {
        JsonSchemaOutputValidator draft7 = JsonSchemaOutputValidator.of("""
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "array", "items": {"type": "number"}}
                """);

        assertThat(draft7.validate("[1, 2.5]")).isEmpty();
        assertThat(draft7.validate("[1, \"two\"]")).get().asString().contains("/1").doesNotContain("two");
    }
}
