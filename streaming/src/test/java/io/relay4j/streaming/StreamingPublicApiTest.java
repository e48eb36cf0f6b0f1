package io.relay4j.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.streaming.LlmChunks;
import io.relay4j.core.testing.PublicApiCheck;
import org.junit.jupiter.api.Test;

class StreamingPublicApiTest {

    @Test
    void noPublicSignatureNamesAnInternalType() {
        assertThat(PublicApiCheck.violationsInModuleOf(LlmChunks.class)).isEmpty();
    }

    @Test
    void theReadmesModuleTableGivesThisModulesPublicTypeCount() {
        assertThat(PublicApiCheck.publicApiTypes(LlmChunks.class)).as("user-reachable public types of streaming (README's module table)")
                .hasSize(PublicApiCheck.readmeCount("streaming"));
    }
}
