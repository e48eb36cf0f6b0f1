package io.relay4j.providers.anthropic;

import static io.relay4j.providers.anthropic.AnthropicFixtures.reply;
import static io.relay4j.providers.anthropic.AnthropicFixtures.wire;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.InvalidRequest;
import io.relay4j.core.error.LlmException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 13 item 5: Anthropic's refusal of a tool conversation says which turn and why. */
class AnthropicToolConversationErrorsTest {

    private final AnthropicProtocol protocol = AnthropicFixtures.protocol();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "error-orphan-tool-result.json       | at its message 2, content block 0 | an orphan result",
        "error-tool-use-without-result.json  | at its message 1 (               | has no result in the next message",
        "error-thinking-block-missing.json   | at its message 1, content block 0 | must start with its thinking block"
    })
    void aRefusedToolConversationIsAnInvalidRequestSayingWhichTurnAndWhy(String fixture, String where, String why) {
        LlmException error = protocol.decodeError(reply(400, Map.of(), wire(fixture)));

        assertThat(error).isInstanceOf(InvalidRequest.class);
        assertThat(error.getMessage()).contains("Anthropic refused the tool conversation " + where.strip())
                .contains(why.strip()).contains("Anthropic said: messages.");
        assertThat(error.requestId()).isPresent();
        assertThat(error.details().vendorCode()).contains("invalid_request_error");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "messages.3.content.1: Invalid `signature` in `thinking` block | at its message 3, content block 1",
        "messages.0.content.0: When thinking is disabled, an `assistant` message in the final position cannot contain `thinking`. To use thinking blocks, enable `thinking` in your request. | at its message 0"
    })
    void thinkingSignatureAndFinalTurnRefusalsAreExplainedToo(String message, String where) {
        String body = "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\""
                + message.replace("\"", "\\\"") + "\"}}";

        LlmException error = protocol.decodeError(reply(400, body));

        assertThat(error).isInstanceOf(InvalidRequest.class);
        assertThat(error.getMessage()).contains("refused the tool conversation " + where.strip());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "max_tokens: Field required",
        "messages: text content blocks must be non-empty"
    })
    void otherInvalidRequestsKeepTheVendorsMessageAlone(String message) {
        LlmException error = protocol.decodeError(reply(400, "{\"type\":\"error\",\"error\":{\"type\":"
                + "\"invalid_request_error\",\"message\":\"" + message + "\"}}"));

        assertThat(error).isInstanceOf(InvalidRequest.class);
        assertThat(error.getMessage()).contains("HTTP 400: " + message).doesNotContain("tool conversation");
    }
}
