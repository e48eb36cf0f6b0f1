package io.relay4j.benchmarks.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Message;
import io.relay4j.core.Usage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiChatJsonTest {

    private static LlmRequest parse(String body) {
        return OpenAiChatJson.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void wrkRequestBecomesOneUserMessageWithItsTokenLimit() {
        LlmRequest request = parse("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Explain pod affinity in one sentence.\"}],\"max_tokens\":64}");

        assertThat(request.messages()).containsExactly(Message.user("Explain pod affinity in one sentence."));
        assertThat(request.maxTokens()).hasValue(64);
        assertThat(request.model()).isEmpty();
    }

    @Test
    void rolesMapToSystemAssistantAndUserAndUnknownFieldsAreSkipped() {
        LlmRequest request = parse("{\"stream\":false,\"messages\":[{\"role\":\"developer\",\"content\":\"be brief\"},"
                + "{\"name\":\"x\",\"role\":\"system\",\"content\":\"no jokes\",\"extra\":{\"a\":[1,2]}},"
                + "{\"content\":\"hi\",\"role\":\"assistant\"},{\"role\":\"tool\",\"content\":\"42\"}],"
                + "\"max_tokens\":null,\"metadata\":{\"k\":[true]}}");

        assertThat(request.messages()).containsExactly(Message.system("be brief"), Message.system("no jokes"),
                Message.assistant("hi"), Message.user("42"));
        assertThat(request.maxTokens()).isEmpty();
    }

    @Test
    void bodiesThatAreNotAChatRequestAreRefusedWithTheReason() {
        assertThatThrownBy(() -> parse("[1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON object");
        assertThatThrownBy(() -> parse("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("content must be a string");
        assertThatThrownBy(() -> parse("{\"messages\":[{\"role\":\"user\"}]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a content");
        assertThatThrownBy(() -> parse("{\"messages\":[]}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one message");
        assertThatThrownBy(() -> parse("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":\"9\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_tokens");
        assertThatThrownBy(() -> parse("{\"messages\":")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void answerRendersAsAChatCompletionWithUsageTotals() throws Exception {
        LlmResponse answer = LlmResponse.builder().content("Pods \"attract\" é\n").provider("primary")
                .model("gpt-4o-mini").usage(Usage.of(12, 5)).latency(Duration.ofMillis(3))
                .finishReason(FinishReason.LENGTH).requestId(Optional.of("chatcmpl-7")).build();

        ByteBuf rendered = OpenAiChatJson.render(answer, UnpooledByteBufAllocator.DEFAULT);
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(rendered.toString(StandardCharsets.UTF_8));
        } finally {
            rendered.release();
        }

        assertThat(json.path("id").asText()).isEqualTo("chatcmpl-7");
        assertThat(json.path("object").asText()).isEqualTo("chat.completion");
        assertThat(json.path("model").asText()).isEqualTo("gpt-4o-mini");
        JsonNode choice = json.path("choices").path(0);
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("Pods \"attract\" é\n");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
        assertThat(json.path("usage").path("total_tokens").asLong()).isEqualTo(17);
        assertThat(rendered.refCnt()).isZero();
    }
}
