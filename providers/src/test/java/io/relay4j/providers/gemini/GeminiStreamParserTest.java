package io.relay4j.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.error.Overloaded;
import io.relay4j.core.error.RateLimited;
import io.relay4j.providers.internal.StreamParser;
import io.relay4j.streaming.sse.ServerSentEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeminiStreamParserTest {

    private final StreamParser parser = GeminiFixtures.protocol().newStreamParser(GeminiFixtures.reply(200, new byte[0]));

    @Test
    void incrementalTextIsPassedOnAndTheLastUsageCounts() {
        List<LlmChunk> chunks = feed(GeminiFixtures.events("stream-text.sse"));

        assertThat(chunks).extracting(LlmChunk::text).containsExactly("Certainly", "! Here it is.", " Done.");
        assertThat(parser.isFinished()).as("Gemini has no end marker").isFalse();
        LlmChunk last = parser.onEnd();
        assertThat(last.text()).isEmpty();
        assertThat(last.finishReason()).contains(FinishReason.STOP);
        assertThat(last.usage())
                .contains(Usage.builder().inputTokens(399).outputTokens(31 + 4).cachedInputTokens(100).reasoningTokens(4)
                        .build());
        assertThat(last.model()).contains("gemini-2.5-flash");
    }

    @Test
    void aBodyEndingWithoutAFinishReasonIsMalformedNotACompletion() {
        List<LlmChunk> chunks = feed(GeminiFixtures.events("stream-truncated.sse"));

        assertThat(chunks).extracting(LlmChunk::text).containsExactly("Certainly", "! Here");
        assertThatThrownBy(parser::onEnd).isInstanceOfSatisfying(MalformedResponse.class,
                e -> assertThat(e.getMessage()).contains("without a finish reason"));
    }

    @Test
    void anEmptyBodyIsMalformed() {
        assertThatThrownBy(parser::onEnd).isInstanceOf(MalformedResponse.class);
    }

    @Test
    void anErrorChunkAfterTheStreamStartedIsRaisedAsItsType() {
        List<ServerSentEvent> events = GeminiFixtures.events("stream-error.sse");

        assertThatThrownBy(() -> feed(events)).isInstanceOfSatisfying(Overloaded.class, e -> {
            assertThat(e.details().vendorCode()).contains("UNAVAILABLE");
            assertThat(e.getMessage()).contains("The model is overloaded");
        });
    }

    @Test
    void aQuotaErrorChunkCarriesItsRetryDelay() {
        assertThatThrownBy(() -> parser.onEvent(ServerSentEvent.message("{\"error\":{\"code\":429,\"message\":\"quota\","
                + "\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
                + "\"retryDelay\":\"3s\"}]}}")))
                .isInstanceOfSatisfying(RateLimited.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3)));
    }

    @Test
    void aBlockedPromptIsContentFiltered() {
        assertThatThrownBy(() -> parser.onEvent(ServerSentEvent.message(
                "{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},\"usageMetadata\":{\"promptTokenCount\":4}}")))
                .isInstanceOf(ContentFiltered.class);
    }

    /** Issue 12 item 4: a filter stop after some text used to complete the stream as an answer. */
    @ParameterizedTest
    @ValueSource(strings = {"SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION", "IMAGE_SAFETY"})
    void aFilterStopAfterSomeTextEndsTheStreamWithContentFiltered(String reason) {
        assertThat(parser.onEvent(ServerSentEvent.message(chunk("Once upon", "")))).extracting(LlmChunk::text)
                .containsExactly("Once upon");

        assertThatThrownBy(() -> parser.onEvent(ServerSentEvent.message(
                "{\"candidates\":[{\"finishReason\":\"" + reason + "\",\"index\":0}]}")))
                .isInstanceOfSatisfying(ContentFiltered.class,
                        e -> assertThat(e.details().vendorCode()).contains(reason));
    }

    @Test
    void aSafetyStopBeforeAnyTextIsContentFiltered() {
        assertThatThrownBy(() -> feed(List.of(ServerSentEvent.message(
                "{\"candidates\":[{\"finishReason\":\"SAFETY\",\"index\":0}]}"))))
                .isInstanceOf(ContentFiltered.class);
    }

    @Test
    void aPromptBlockReportedBesideACandidateIsContentFiltered() {
        assertThatThrownBy(() -> parser.onEvent(ServerSentEvent.message("{\"promptFeedback\":{\"blockReason\":"
                + "\"BLOCKLIST\"},\"candidates\":[{\"content\":{\"parts\":[]},\"index\":0}]}")))
                .isInstanceOfSatisfying(ContentFiltered.class,
                        e -> assertThat(e.details().vendorCode()).contains("BLOCKLIST"));
    }

    /** Issue 12 item 3 on Gemini: a candidate's finish reason is the end sign; no marker follows. */
    @Test
    void aFinishReasonIsTheEndSignAndTheBodysEndCompletesWithItsUsage() {
        feed(List.of(ServerSentEvent.message(chunk("Hi", "")), ServerSentEvent.message("{\"candidates\":[{\"content\":"
                + "{\"parts\":[{\"text\":\" there\"}]},\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":"
                + "{\"promptTokenCount\":4,\"candidatesTokenCount\":2,\"totalTokenCount\":6}}")));

        assertThat(parser.saidFinished()).isTrue();
        LlmChunk last = parser.onEnd();
        assertThat(last.finishReason()).contains(FinishReason.STOP);
        assertThat(last.usage()).contains(Usage.of(4, 2));
    }

    @Test
    void aMaxTokensStopIsLength() {
        feed(List.of(ServerSentEvent.message(chunk("abc", ",\"finishReason\":\"MAX_TOKENS\""))));

        assertThat(parser.onEnd().finishReason()).contains(FinishReason.LENGTH);
    }

    @Test
    void anEventThatIsNotJsonIsMalformedWithoutQuotingIt() {
        assertThatThrownBy(() -> parser.onEvent(ServerSentEvent.message("{\"candidates\": [ secret answer text")))
                .isInstanceOfSatisfying(MalformedResponse.class, e -> {
                    assertThat(e.getMessage()).contains("not valid JSON at line 1").doesNotContain("secret");
                    assertThat(e.getCause()).isNull();
                });
    }

    private static String chunk(String text, String finish) {
        return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"" + text + "\"}]}" + finish
                + ",\"index\":0}]}";
    }

    private List<LlmChunk> feed(List<ServerSentEvent> events) {
        List<LlmChunk> chunks = new ArrayList<>();
        for (ServerSentEvent e : events) {
            chunks.addAll(parser.onEvent(e));
        }
        return chunks;
    }
}
