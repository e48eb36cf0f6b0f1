package io.relay4j.benchmarks.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.providers.internal.HttpCall;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The wire benchmarks reach each public provider's protocol; a change to how providers hold it fails here. */
class VendorProtocolsTest {

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "gemini"})
    void theProtocolOfTheBuiltProviderEncodesTheVendorsRequest(String vendor) {
        try (LlmProvider provider = VendorProtocols.provider(vendor)) {
            HttpCall call = VendorProtocols.protocolOf(provider).encode(LlmRequest.of("ping"), false);

            assertThat(call.pathAndQuery()).startsWith("/");
            assertThat(new String(call.body(), StandardCharsets.UTF_8)).contains("ping");
        }
    }
}
