package io.relay4j.providers.anthropic;

import static io.relay4j.providers.anthropic.AnthropicFixtures.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.error.Overloaded;
import io.relay4j.core.error.ServerError;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicResponseDecoderTest {

    private final AnthropicProtocol protocol = AnthropicFixtures.protocol();

    @Test
    void textBlocksAreJoinedAndCachedPromptTokensCountAsInput() {
        LlmResponse response = protocol.decodeResponse(reply(200, Map.of("request-id", "req_018EeWyXxfu5pfWkrYcMdjWG"),
                AnthropicFixtures.bytes("response-text.json")));

        assertThat(response.content()).isEqualTo("Hi there.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage())
                .isEqualTo(Usage.builder().inputTokens(12 + 100 + 400).outputTokens(3).cachedInputTokens(400).build());
        assertThat(response.model()).isEqualTo("claude-sonnet-4-20250514");
        assertThat(response.provider()).isEqualTo("claude");
        assertThat(response.requestId()).contains("req_018EeWyXxfu5pfWkrYcMdjWG");
        assertThat(response.latency()).isEqualTo(Duration.ofMillis(42));
    }

    @ParameterizedTest
    @CsvSource({
        "end_turn, STOP",
        "stop_sequence, STOP",
        "max_tokens, LENGTH",
        "model_context_window_exceeded, LENGTH",
        "tool_use, TOOL_CALLS",
        "pause_turn, OTHER",
        "a_reason_added_later, OTHER"
    })
    void stopReasonsAreNormalised(String stopReason, FinishReason expected) {
        LlmResponse response = protocol.decodeResponse(reply(200, answer("partial", "\"" + stopReason + "\"")));

        assertThat(response.finishReason()).isEqualTo(expected);
        assertThat(response.content()).isEqualTo("partial");
    }

    @Test
    void aMissingModelFallsBackToTheConfiguredOneAndNoRequestIdStaysEmpty() {
        LlmResponse response = protocol.decodeResponse(reply(200,
                "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"stop_reason\":\"end_turn\","
                        + "\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}"));

        assertThat(response.model()).isEqualTo(AnthropicFixtures.MODEL);
        assertThat(response.requestId()).isEqualTo(Optional.empty());
        assertThat(response.usage()).isEqualTo(Usage.of(1, 1));
    }

    /** Issue 12 item 4: a refusal after some text used to reach the caller as a partial answer. */
    @Test
    void aRefusalAfterSomeTextIsContentFilteredNotAPartialAnswer() {
        assertThatThrownBy(() -> protocol.decodeResponse(reply(200, Map.of("request-id", "req_y"),
                answerBytes("I can start, but", "\"refusal\""))))
                .isInstanceOfSatisfying(ContentFiltered.class, e -> {
                    assertThat(e.details().vendorCode()).contains("refusal");
                    assertThat(e.requestId()).contains("req_y");
                    assertThat(e.getMessage()).doesNotContain("I can start");
                });
    }

    @Test
    void aRefusalWithoutAnyTextIsContentFilteredNotAnEmptyAnswer() {
        assertThatThrownBy(() -> protocol.decodeResponse(reply(200, Map.of("request-id", "req_x"),
                answerBytes("", "\"refusal\""))))
                .isInstanceOfSatisfying(ContentFiltered.class, e -> {
                    assertThat(e.details().vendorCode()).contains("refusal");
                    assertThat(e.requestId()).contains("req_x");
                });
    }

    @Test
    void anErrorBodyWithStatus200IsRaisedAsItsType() {
        assertThatThrownBy(() -> protocol.decodeResponse(reply(200,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")))
                .isInstanceOf(Overloaded.class);
    }

    @Test
    void anErrorBodyOfAnUnknownTypeWithStatus200IsAServerErrorNotAnInvalidRequest() {
        assertThatThrownBy(() -> protocol.decodeResponse(reply(200,
                "{\"type\":\"error\",\"error\":{\"type\":\"an_error_added_later\",\"message\":\"m\"}}")))
                .isInstanceOf(ServerError.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<html><body>Bad gateway</body></html>",
        "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"te",
        "{\"type\":\"message\",\"stop_reason\":\"end_turn\"}",
        "[1, 2]",
        "''"
    })
    void bodiesThatAreNotAnAnswerAreMalformed(String body) {
        assertThatThrownBy(() -> protocol.decodeResponse(reply(200, body)))
                .isInstanceOfSatisfying(MalformedResponse.class, e -> {
                    assertThat(e.httpStatus()).hasValue(200);
                    assertThat(e.getCause()).as("a parser's message may quote the body").isNull();
                });
    }

    private static String answer(String text, String stopReason) {
        return "{\"type\":\"message\",\"model\":\"claude-x\",\"content\":[{\"type\":\"text\",\"text\":\"" + text
                + "\"}],\"stop_reason\":" + stopReason + ",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
    }

    private static byte[] answerBytes(String text, String stopReason) {
        return answer(text, stopReason).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
