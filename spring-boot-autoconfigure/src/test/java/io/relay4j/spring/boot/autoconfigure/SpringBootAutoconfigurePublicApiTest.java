package io.relay4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.testing.PublicApiCheck;
import org.junit.jupiter.api.Test;

class SpringBootAutoconfigurePublicApiTest {

    @Test
    void noPublicSignatureNamesAnInternalType() {
        assertThat(PublicApiCheck.violationsInModuleOf(Relay4jProperties.class)).isEmpty();
    }

    @Test
    void theReadmesModuleTableGivesThisModulesPublicTypeCount() {
        assertThat(PublicApiCheck.publicApiTypes(Relay4jProperties.class))
                .as("user-reachable public types of spring-boot-autoconfigure (README's module table)")
                .hasSize(PublicApiCheck.readmeCount("spring-boot-autoconfigure"));
    }
}
