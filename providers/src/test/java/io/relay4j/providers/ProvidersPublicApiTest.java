package io.relay4j.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.providers.ProviderBuilder;
import io.relay4j.core.testing.PublicApiCheck;
import org.junit.jupiter.api.Test;

class ProvidersPublicApiTest {

    @Test
    void noPublicSignatureNamesAnInternalType() {
        assertThat(PublicApiCheck.violationsInModuleOf(ProviderBuilder.class)).isEmpty();
    }

    @Test
    void theReadmesModuleTableGivesThisModulesPublicTypeCount() {
        assertThat(PublicApiCheck.publicApiTypes(ProviderBuilder.class)).as("user-reachable public types of providers (README's module table)")
                .hasSize(PublicApiCheck.readmeCount("providers"));
    }
}
