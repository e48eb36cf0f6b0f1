package io.relay4j.springai;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import io.relay4j.validation.JsonSchemaOutputValidator;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.advisor.StructuredOutputValidationAdvisor;

/**
 * relay4j-validation and Spring AI's structured-output validation use the same {@code com.networknt} library in one
 * application: both on its 3.x line, so neither meets the other's version at run time (2.0.x and 3.x share
 * coordinates but not their API, which used to end in a {@code NoSuchMethodError}).
 */
class ValidationBesideSpringAiTest {

    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"]}";

    @Test
    void relay4jsSchemaValidatorWorksOnTheSchemaLibrarySpringAiBrings() {
        JsonSchemaOutputValidator validator = JsonSchemaOutputValidator.of(SCHEMA);

        assertThat(validator.validate("{\"city\":\"Oslo\"}")).isEmpty();
        assertThat(validator.validate("{\"town\":\"Oslo\"}")).hasValueSatisfying(problem ->
                assertThat(problem).contains("required property 'city' is missing"));
        assertThat(Schema.class.getProtectionDomain().getCodeSource().getLocation().toString())
                .contains("json-schema-validator-3.");
    }

    @Test
    void springAisStructuredOutputValidationStillBuildsBesideIt() {
        JsonSchemaOutputValidator.of(SCHEMA);

        StructuredOutputValidationAdvisor advisor = StructuredOutputValidationAdvisor.builder()
                .outputJsonSchema(SCHEMA).build();

        assertThat(advisor.getName()).isNotBlank();
    }
}
