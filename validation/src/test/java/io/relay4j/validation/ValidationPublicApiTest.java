package io.relay4j.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.validation.JsonSchemaOutputValidator;
import io.relay4j.core.testing.PublicApiCheck;
import org.junit.jupiter.api.Test;

class ValidationPublicApiTest {

    @Test
    void noPublicSignatureNamesAnInternalType() {
        assertThat(PublicApiCheck.violationsInModuleOf(JsonSchemaOutputValidator.class)).isEmpty();
    }

    @Test
    void theReadmesModuleTableGivesThisModulesPublicTypeCount() {
        assertThat(PublicApiCheck.publicApiTypes(JsonSchemaOutputValidator.class)).as("user-reachable public types of validation (README's module table)")
                .hasSize(PublicApiCheck.readmeCount("validation"));
    }
}
