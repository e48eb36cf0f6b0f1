package io.relay4j.providers.anthropic;

import static io.relay4j.providers.anthropic.AnthropicFixtures.KEY;
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

class AnthropicRequestEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AnthropicProtocol protocol = AnthropicFixtures.protocol();

    @Test
    void systemMessagesGoTopLevelAndSameRoleTurnsAreMerged() throws IOException {
        LlmRequest request = LlmRequest.builder()
                .system("Be terse.")
                .user("Say hi")
                .system("Answer in English.")
                .user("Then stop.")
                .assistant("Hi.")
                .user("Again")
                .maxTokens(256)
                .temperature(1.7)
                .stop("\n\nUser:")
                .build();

        HttpCall call = protocol.encode(request, true);

        assertThat(body(call)).isEqualTo(JSON.readTree(AnthropicFixtures.bytes("request-conversation.json")));
    }

    @Test
    void sendsTheKeyAndApiVersionHeadersToTheMessagesPath() {
        HttpCall call = protocol.encode(LlmRequest.of("hi"), false);

        assertThat(call.pathAndQuery()).isEqualTo("/messages");
        assertThat(call.headers())
                .containsEntry("x-api-key", KEY)
                .containsEntry("anthropic-version", "2023-06-01")
                .containsEntry("content-type", "application/json");
        assertThat(call.toString()).doesNotContain(KEY);
        assertThat(protocol.toString()).doesNotContain(KEY);
    }

    @Test
    void aRequestWithoutMaxTokensGetsTheConfiguredDefaultAndNoStreamFlag() throws IOException {
        JsonNode body = body(protocol.encode(LlmRequest.of("hi"), false));

        assertThat(body).isEqualTo(JSON.readTree(
                "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    }

    @Test
    void theRequestModelOverridesTheProvidersAndAModerateTemperatureIsKept() {
        JsonNode body = body(protocol.encode(LlmRequest.builder().user("hi").model("claude-haiku-4-5")
                .temperature(0.3).build(), false));

        assertThat(body.path("model").asText()).isEqualTo("claude-haiku-4-5");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
    }

    @Test
    void aFinalAssistantPrefillLosesTrailingWhitespaceWhichTheApiRefuses() {
        JsonNode body = body(protocol.encode(LlmRequest.builder().user("Count").assistant("1, 2, ").build(), false));

        assertThat(body.path("messages").path(1).path("content").asText()).isEqualTo("1, 2,");
    }

    /** Issue 13: the schema used to travel as a system instruction the model could ignore. */
    @Test
    void aJsonSchemaFormatIsSentAsOutputConfigFormatNotAsASystemInstruction() throws IOException {
        LlmRequest request = LlmRequest.builder().system("Be terse.").user("Name a city")
                .responseFormat(ResponseFormat.jsonSchema("city", "{ \"type\" : \"object\" }")).build();

        JsonNode body = body(protocol.encode(request, false));

        assertThat(body.path("system").asText()).isEqualTo("Be terse.");
        assertThat(body.path("output_config")).isEqualTo(JSON.readTree(
                "{\"format\":{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\"}}}"));
    }

    @Test
    void aSchemaThatIsNotJsonIsAnInvalidRequest() {
        LlmRequest request = LlmRequest.builder().user("x")
                .responseFormat(ResponseFormat.jsonSchema("broken", "{not json")).build();

        assertThatThrownBy(() -> protocol.encode(request, false))
                .isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("broken");
    }

    @Test
    void aConversationOfOnlySystemMessagesIsAnInvalidRequest() {
        assertThatThrownBy(() -> protocol.encode(LlmRequest.builder().system("rules").build(), false))
                .isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("user or assistant message");
    }

    private static JsonNode body(HttpCall call) {
        try {
            return JSON.readTree(call.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
