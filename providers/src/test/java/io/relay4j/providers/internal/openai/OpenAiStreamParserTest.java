package io.relay4j.providers.internal.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.error.RateLimited;
import io.relay4j.core.error.ServerError;
import io.relay4j.providers.internal.Redactor;
import io.relay4j.providers.openai.TokenLimitField;
import io.relay4j.streaming.sse.ServerSentEvent;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The Chat Completions stream variants of the compatible servers, event by event, without a server. */
class OpenAiStreamParserTest {

    private final OpenAiStreamParser parser = new OpenAiStreamParser(
            new OpenAiOptions("p", "configured-model", Optional.empty(), OpenAiOptions.Auth.BEARER, "/chat/completions",
                    Map.of(), TokenLimitField.MAX_TOKENS, true, "openai_compatible", OpenAiOptions.Family.COMPATIBLE),
            Redactor.of(Optional.empty()), ErrorDetails.of("p").withStatus(200), false);

    @Test
    void doneWithoutAFinishReasonIsATruncatedAnswer() {
        parser.onEvent(data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}"));
        parser.onEvent(data("[DONE]"));

        assertThat(parser.isFinished()).isTrue();
        assertThatThrownBy(parser::onEnd).isInstanceOf(MalformedResponse.class).hasMessageContaining("[DONE]");
    }

    @Test
    void groqUsageAndModelAreRead() {
        parser.onEvent(data("{\"model\":\"llama\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}],"
                + "\"x_groq\":{\"id\":\"req_1\",\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":9}}}"));

        LlmChunk last = parser.onEnd();
        assertThat(last.finishReason()).contains(FinishReason.LENGTH);
        assertThat(last.usage()).contains(Usage.of(7, 9));
        assertThat(last.model()).contains("llama");
    }

    @Test
    void groqStoppedEarlyIsAServerError() {
        assertThatThrownBy(() -> parser.onEvent(data("{\"choices\":[],\"x_groq\":{\"error\":\"model crashed\"}}")))
                .isInstanceOf(ServerError.class).hasMessageContaining("model crashed");
    }

    @Test
    void openRouterFinishReasonErrorIsAServerError() {
        assertThatThrownBy(() -> parser.onEvent(data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},"
                + "\"finish_reason\":\"error\"}]}")))
                .isInstanceOf(ServerError.class);
    }

    @Test
    void errorEventWithRateLimitCodeIsRateLimited() {
        assertThatThrownBy(() -> parser.onEvent(new ServerSentEvent("error",
                "{\"error\":{\"message\":\"slow down\",\"code\":\"rate_limit_exceeded\"}}", "", OptionalLong.empty())))
                .isInstanceOf(RateLimited.class);
        assertThatThrownBy(() -> parser.onEvent(new ServerSentEvent("error", "upstream gone", "", OptionalLong.empty())))
                .isInstanceOf(ServerError.class).hasMessageContaining("upstream gone");
    }

    @Test
    void anEmptyRefusalCarriesNoTextAndAToolCallCompletesAtItsFinishReasonWithTheConfiguredModel() {
        assertThat(parser.onEvent(data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":null,\"refusal\":\"\"},"
                + "\"finish_reason\":null}]}"))).isEmpty();
        assertThat(parser.onEvent(data("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                + "\"id\":\"call_1\",\"function\":{\"name\":\"now\",\"arguments\":\"\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}]}")))
                .extracting(c -> c.toolCall().orElseThrow().argumentsJson()).containsExactly("{}");

        LlmChunk last = parser.onEnd();
        assertThat(last.finishReason()).contains(FinishReason.TOOL_CALLS);
        assertThat(last.model()).contains("configured-model");
        assertThat(last.usage()).contains(Usage.NONE);
    }

    /** Issue 12 item 4: Azure's (and OpenAI's) content_filter finish used to complete the stream as an answer. */
    @Test
    void aContentFilterFinishAfterSomeTextEndsTheStreamWithContentFiltered() {
        assertThat(parser.onEvent(data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},"
                + "\"finish_reason\":null}]}"))).extracting(LlmChunk::text).containsExactly("Hi");

        assertThatThrownBy(() -> parser.onEvent(data("{\"choices\":[{\"index\":0,\"delta\":{},"
                + "\"finish_reason\":\"content_filter\"}]}")))
                .isInstanceOfSatisfying(ContentFiltered.class, e -> {
                    assertThat(e.details().vendorCode()).contains("content_filter");
                    assertThat(e.httpStatus()).hasValue(200);
                });
    }

    /** Issue 12 item 4: a model refusal streamed in delta.refusal used to end as an empty normal answer. */
    @Test
    void aRefusalDeltaEndsTheStreamWithContentFilteredWithoutQuotingIt() {
        assertThatThrownBy(() -> parser.onEvent(data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":null,"
                + "\"refusal\":\"I can't help with that secret plan\"},\"finish_reason\":null}]}")))
                .isInstanceOfSatisfying(ContentFiltered.class, e -> {
                    assertThat(e.details().vendorCode()).contains("refusal");
                    assertThat(e.getMessage()).doesNotContain("secret");
                });
    }

    /** Issue 12 item 3 on OpenAI: the finish reason is the end sign; the usage chunk after it still counts. */
    @Test
    void aFinishReasonAndUsageWithoutDoneCompleteWithBoth() {
        parser.onEvent(data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}"));
        parser.onEvent(data("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"));
        parser.onEvent(data("{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}"));

        assertThat(parser.isFinished()).isFalse();
        assertThat(parser.saidFinished()).isTrue();
        LlmChunk last = parser.onEnd();
        assertThat(last.finishReason()).contains(FinishReason.STOP);
        assertThat(last.usage()).contains(Usage.of(5, 1));
    }

    @Test
    void aStreamWithoutAFinishReasonOrDoneIsTruncatedNeverCompleted() {
        parser.onEvent(data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}"));

        assertThat(parser.saidFinished()).isFalse();
        assertThatThrownBy(parser::onEnd).isInstanceOf(MalformedResponse.class);
    }

    @Test
    void jsonThatIsNotAnObjectIsIgnoredWhenItHasNoChoices() {
        assertThat(parser.onEvent(data("[1,2]"))).isEmpty();
        assertThat(parser.onEvent(data("   "))).isEmpty();
    }

    private static ServerSentEvent data(String data) {
        return ServerSentEvent.message(data);
    }
}
