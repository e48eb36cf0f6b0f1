package io.relay4j.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.testing.PublicApiCheck;
import org.junit.jupiter.api.Test;

class LangChain4jPublicApiTest {

    @Test
    void noPublicSignatureNamesAnInternalType() {
        assertThat(PublicApiCheck.violationsInModuleOf(Relay4jChatModel.class)).isEmpty();
    }

    @Test
    void theReadmesModuleTableGivesThisModulesPublicTypeCount() {
        assertThat(PublicApiCheck.publicApiTypes(Relay4jChatModel.class))
                .as("user-reachable public types of langchain4j (README's module table)")
                .hasSize(PublicApiCheck.readmeCount("langchain4j"));
    }
}
