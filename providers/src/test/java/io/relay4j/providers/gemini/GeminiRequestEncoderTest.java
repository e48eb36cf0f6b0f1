package io.relay4j.providers.gemini;

import static io.relay4j.providers.gemini.GeminiFixtures.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.ResponseFormat;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.providers.internal.HttpCall;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class GeminiRequestEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final GeminiProtocol protocol = GeminiFixtures.protocol();

    @Test
    void systemMessagesBecomeTheSystemInstructionAndAssistantTurnsAreModelTurns() throws IOException {
        LlmRequest request = LlmRequest.builder()
                .system("Be terse.")
                .user("Say hi")
                .user("Then stop.")
                .system("Answer in English.")
                .assistant("Hi.")
                .user("Again")
                .maxTokens(64)
                .temperature(1.7)
                .stop("END")
                .build();

        assertThat(body(protocol.encode(request, false)))
                .isEqualTo(JSON.readTree(GeminiFixtures.bytes("request-conversation.json")));
    }

    @Test
    void wholeAnswersAndStreamsUseTheirEndpointsAndTheKeyTravelsInAHeaderOnly() {
        HttpCall whole = protocol.encode(LlmRequest.of("hi"), false);
        HttpCall stream = protocol.encode(LlmRequest.of("hi"), true);

        assertThat(whole.pathAndQuery()).isEqualTo("/models/gemini-2.5-flash:generateContent");
        assertThat(stream.pathAndQuery()).isEqualTo("/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(whole.headers()).containsEntry("x-goog-api-key", KEY).containsEntry("content-type", "application/json");
        assertThat(stream.pathAndQuery()).doesNotContain(KEY).doesNotContain("key=");
        assertThat(protocol.toString()).doesNotContain(KEY);
    }

    @Test
    void theRequestModelOverridesTheProvidersEvenAsAResourceName() {
        HttpCall call = protocol.encode(LlmRequest.builder().user("hi").model("models/gemini-2.5-pro").build(), false);

        assertThat(call.pathAndQuery()).isEqualTo("/models/gemini-2.5-pro:generateContent");
    }

    @Test
    void aModelThatWouldChangeThePathIsAnInvalidRequest() {
        assertThatThrownBy(() -> protocol.encode(LlmRequest.builder().user("hi").model("../files?x=1").build(), false))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("not a Gemini model id");
    }

    @Test
    void aPlainRequestHasNoGenerationConfigOrSystemInstruction() throws IOException {
        assertThat(body(protocol.encode(LlmRequest.of("hi"), true)))
                .isEqualTo(JSON.readTree("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}"));
    }

    @Test
    void aJsonSchemaFormatAsksForJsonWithTheSchema() throws IOException {
        LlmRequest request = LlmRequest.builder().user("Name a city")
                .responseFormat(ResponseFormat.jsonSchema("city",
                        "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}"))
                .build();

        JsonNode config = body(protocol.encode(request, false)).path("generationConfig");

        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(config.path("responseJsonSchema"))
                .isEqualTo(JSON.readTree("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}"));
    }

    @Test
    void aSchemaThatIsNotJsonIsAnInvalidRequest() {
        LlmRequest request = LlmRequest.builder().user("x")
                .responseFormat(ResponseFormat.jsonSchema("broken", "{oops")).build();

        assertThatThrownBy(() -> protocol.encode(request, false)).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("broken");
    }

    @Test
    void aConversationOfOnlySystemMessagesIsAnInvalidRequest() {
        assertThatThrownBy(() -> protocol.encode(LlmRequest.builder().system("rules").build(), false))
                .isInstanceOf(InvalidRequest.class);
    }

    private static JsonNode body(HttpCall call) {
        try {
            return JSON.readTree(call.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
