package io.relay4j.providers.anthropic;

import static io.relay4j.providers.anthropic.AnthropicFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.ContextLengthExceeded;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.error.Overloaded;
import io.relay4j.core.error.RateLimited;
import io.relay4j.providers.internal.StreamParser;
import io.relay4j.streaming.sse.ServerSentEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicStreamParserTest {

    private static final String START = "{\"type\":\"message_start\",\"message\":{\"model\":\"claude-x\","
            + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}";

    private final AnthropicProtocol protocol = AnthropicFixtures.protocol();
    private final StreamParser parser = protocol.newStreamParser(
            AnthropicFixtures.reply(200, Map.of("request-id", "req_stream"), new byte[0]));

    @Test
    void aFullStreamYieldsReasoningTextAndTheToolCallThenALastChunkWithUsage() {
        List<LlmChunk> chunks = feed(AnthropicFixtures.events("stream-text.sse"));

        assertThat(chunks).extracting(LlmChunk::reasoning).containsExactly("Let me think.", "", "", "");
        assertThat(chunks).extracting(LlmChunk::text).containsExactly("", "Hello", ", world", "");
        assertThat(chunks.get(3).toolCall()).hasValueSatisfying(call -> {
            assertThat(call.id()).isEqualTo("toolu_1");
            assertThat(call.arguments()).containsEntry("location", "Paris");
        });
        assertThat(parser.isFinished()).isTrue();
        LlmChunk last = parser.onEnd();
        assertThat(last.isLast()).isTrue();
        assertThat(last.text()).isEmpty();
        assertThat(last.finishReason()).contains(FinishReason.STOP);
        assertThat(last.usage())
                .contains(Usage.builder().inputTokens(25 + 5).outputTokens(15).cachedInputTokens(5).build());
        assertThat(last.model()).contains("claude-sonnet-4-20250514");
    }

    @Test
    void theStreamIsNotFinishedBeforeMessageStop() {
        feed(List.of(event("message_start", START),
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},"
                        + "\"usage\":{\"output_tokens\":9}}")));

        assertThat(parser.isFinished()).isFalse();
        parser.onEvent(event("message_stop", "{\"type\":\"message_stop\"}"));
        assertThat(parser.isFinished()).isTrue();
        assertThat(parser.onEnd().finishReason()).contains(FinishReason.LENGTH);
    }

    @Test
    void aStreamCutBeforeMessageStopIsMalformedNotACompletion() {
        List<LlmChunk> chunks = feed(AnthropicFixtures.events("stream-truncated.sse"));

        assertThat(chunks).extracting(LlmChunk::text).containsExactly("Hello");
        assertThatThrownBy(parser::onEnd)
                .isInstanceOfSatisfying(MalformedResponse.class, e -> {
                    assertThat(e.getMessage()).contains("message_stop");
                    assertThat(e.requestId()).contains("req_stream");
                });
    }

    @Test
    void anOverloadErrorAfterTheStreamStartedIsRaisedAsOverloaded() {
        List<ServerSentEvent> events = AnthropicFixtures.events("stream-error.sse");

        assertThatThrownBy(() -> feed(events))
                .isInstanceOfSatisfying(Overloaded.class, e -> {
                    assertThat(e.details().vendorCode()).contains("overloaded_error");
                    assertThat(e.httpStatus()).isEmpty();
                });
    }

    @ParameterizedTest
    @CsvSource({
        "api_error, SERVER_ERROR",
        "rate_limit_error, RATE_LIMITED",
        "invalid_request_error, INVALID_REQUEST",
        "timeout_error, SERVER_ERROR",
        "an_error_added_later, SERVER_ERROR"
    })
    void inStreamErrorsAreTypedByTheirErrorType(String type, ErrorType expected) {
        LlmException error = catchError(event("error",
                "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"m\"}}"));

        assertThat(error.type()).isEqualTo(expected);
        assertThat(error).isNotInstanceOf(MalformedResponse.class);
        if (error instanceof RateLimited limited) {
            assertThat(limited.quotaExhausted()).isFalse();
        }
    }

    @Test
    void anEventThatIsNotJsonIsMalformedWithoutQuotingIt() {
        assertThatThrownBy(() -> parser.onEvent(event("content_block_delta", "{\"type\": secret answer text")))
                .isInstanceOfSatisfying(MalformedResponse.class, e -> {
                    assertThat(e.getMessage()).contains("not valid JSON at line 1").doesNotContain("secret");
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void anErrorEventThatIsNotJsonIsStillTheVendorsError() {
        assertThatThrownBy(() -> parser.onEvent(event("error", "Overloaded")))
                .isInstanceOf(Overloaded.class);
    }

    @Test
    void eventsWithoutAnEventNameAreReadByTheirJsonType() {
        List<LlmChunk> chunks = feed(List.of(
                ServerSentEvent.message(START),
                ServerSentEvent.message("{\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"ok\"}}"),
                ServerSentEvent.message("{\"type\":\"message_stop\"}")));

        assertThat(chunks).extracting(LlmChunk::text).containsExactly("ok");
        assertThat(parser.onEnd().finishReason()).contains(FinishReason.OTHER);
    }

    @Test
    void aRefusalWithoutTextIsContentFiltered() {
        assertThatThrownBy(() -> feed(List.of(event("message_start", START),
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"refusal\"}}"),
                event("message_stop", "{\"type\":\"message_stop\"}"))))
                .isInstanceOfSatisfying(ContentFiltered.class, e -> {
                    assertThat(e.details().vendorCode()).contains("refusal");
                    assertThat(e.requestId()).contains("req_stream");
                });
    }

    /** Issue 12 item 4: a refusal after some text used to complete the stream with CONTENT_FILTER. */
    @Test
    void aRefusalAfterSomeTextEndsTheStreamWithContentFiltered() {
        List<LlmChunk> chunks = feed(List.of(event("message_start", START), event("content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Sure\"}}")));
        assertThat(chunks).extracting(LlmChunk::text).containsExactly("Sure");

        assertThatThrownBy(() -> parser.onEvent(event("message_delta", "{\"type\":\"message_delta\","
                + "\"delta\":{\"stop_reason\":\"refusal\"},\"usage\":{\"output_tokens\":4}}")))
                .isInstanceOf(ContentFiltered.class);
    }

    /**
     * Issue 12 item 3: a stream whose message_delta carries the stop reason and usage but that closes without
     * message_stop used to fail with MalformedResponse; it is a finished answer.
     */
    @Test
    void aStopReasonWithoutMessageStopCompletesWithThatReasonAndUsage() {
        List<LlmChunk> chunks = feed(List.of(event("message_start", START), event("content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}"),
                event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},"
                        + "\"usage\":{\"output_tokens\":12}}")));

        assertThat(chunks).extracting(LlmChunk::text).containsExactly("Hi");
        assertThat(parser.isFinished()).as("no end marker came").isFalse();
        assertThat(parser.saidFinished()).isTrue();
        LlmChunk last = parser.onEnd();
        assertThat(last.finishReason()).contains(FinishReason.LENGTH);
        assertThat(last.usage()).contains(Usage.of(3, 12));
        assertThat(last.model()).contains("claude-x");
    }

    @Test
    void aPromptTooLongErrorInTheStreamIsContextLengthExceeded() {
        assertThat(catchError(event("error", "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"prompt is too long: 205351 tokens > 200000 maximum\"}}")))
                .isInstanceOf(ContextLengthExceeded.class);
    }

    private LlmException catchError(ServerSentEvent event) {
        parser.onEvent(event("message_start", START));
        try {
            parser.onEvent(event);
        } catch (LlmException e) {
            return e;
        }
        throw new AssertionError("no error raised");
    }

    private List<LlmChunk> feed(List<ServerSentEvent> events) {
        List<LlmChunk> chunks = new ArrayList<>();
        for (ServerSentEvent e : events) {
            chunks.addAll(parser.onEvent(e));
        }
        return chunks;
    }
}
