package io.relay4j.providers.gemini;

import static io.relay4j.providers.gemini.GeminiFixtures.reply;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GeminiResponseDecoderTest {

    private final GeminiProtocol protocol = GeminiFixtures.protocol();

    @Test
    void textPartsAreJoinedWithoutThoughtsAndThinkingTokensCountAsOutput() {
        LlmResponse response = protocol.decodeResponse(reply(200, GeminiFixtures.bytes("response-text.json")));

        assertThat(response.content()).isEqualTo("Hi there.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage())
                .isEqualTo(Usage.builder().inputTokens(50).outputTokens(3 + 20).cachedInputTokens(32).reasoningTokens(20)
                        .build());
        assertThat(response.model()).isEqualTo("gemini-2.5-flash");
        assertThat(response.requestId()).contains("mAitaJWyOM-xqtsP0KTlqAc");
        assertThat(response.provider()).isEqualTo("gemini");
        assertThat(response.latency()).isEqualTo(Duration.ofMillis(7));
    }

    @ParameterizedTest
    @CsvSource({
        "STOP, STOP",
        "MAX_TOKENS, LENGTH",
        "LANGUAGE, OTHER",
        "FINISH_REASON_UNSPECIFIED, OTHER",
        "A_REASON_ADDED_LATER, OTHER"
    })
    void finishReasonsAreNormalised(String raw, FinishReason expected) {
        LlmResponse response = protocol.decodeResponse(reply(200, answer("partial", ",\"finishReason\":\"" + raw + "\"")));

        assertThat(response.finishReason()).isEqualTo(expected);
        assertThat(response.content()).isEqualTo("partial");
    }

    @Test
    void aCandidateWithoutFinishReasonOrUsageIsStillAnAnswer() {
        LlmResponse response = protocol.decodeResponse(reply(200, answer("ok", "")));

        assertThat(response.finishReason()).isEqualTo(FinishReason.OTHER);
        assertThat(response.usage()).isEqualTo(Usage.NONE);
        assertThat(response.model()).isEqualTo(GeminiFixtures.MODEL);
    }

    @Test
    void aBlockedPromptIsContentFiltered() {
        assertThatThrownBy(() -> protocol.decodeResponse(reply(200, GeminiFixtures.bytes("response-prompt-blocked.json"))))
                .isInstanceOfSatisfying(ContentFiltered.class, e -> {
                    assertThat(e.details().vendorCode()).contains("PROHIBITED_CONTENT");
                    assertThat(e.requestId()).contains("blocked-1");
                });
    }

    /** Issue 12 item 4: a filter stop after some text used to reach the caller as a partial answer. */
    @ParameterizedTest
    @ValueSource(strings = {"SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION", "IMAGE_SAFETY",
        "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION"})
    void everyFilterStopIsContentFilteredEvenWithSomeText(String reason) {
        assertThatThrownBy(() -> protocol.decodeResponse(reply(200,
                answer("partial", ",\"finishReason\":\"" + reason + "\""))))
                .isInstanceOfSatisfying(ContentFiltered.class, e -> {
                    assertThat(e.details().vendorCode()).contains(reason);
                    assertThat(e.getMessage()).doesNotContain("partial");
                });
    }

    @Test
    void aPromptBlockBesideACandidateIsStillContentFiltered() {
        assertThatThrownBy(() -> protocol.decodeResponse(reply(200, "{\"promptFeedback\":{\"blockReason\":"
                + "\"SAFETY\"},\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}]},\"index\":0}]}")))
                .isInstanceOfSatisfying(ContentFiltered.class,
                        e -> assertThat(e.details().vendorCode()).contains("SAFETY"));
    }

    @Test
    void aSafetyStopBeforeAnyTextIsContentFilteredNotAnEmptyAnswer() {
        assertThatThrownBy(() -> protocol.decodeResponse(reply(200,
                "{\"candidates\":[{\"finishReason\":\"SAFETY\",\"index\":0}]}")))
                .isInstanceOfSatisfying(ContentFiltered.class,
                        e -> assertThat(e.details().vendorCode()).contains("SAFETY"));
    }

    @Test
    void anErrorBodyWithStatus200IsRaisedAsItsType() {
        assertThatThrownBy(() -> protocol.decodeResponse(reply(200,
                "{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}")))
                .isInstanceOf(Overloaded.class);
    }

    @Test
    void anErrorBodyOfAnUnknownStatusWithStatus200IsAServerErrorNotAnInvalidRequest() {
        assertThatThrownBy(() -> protocol.decodeResponse(reply(200,
                "[{\"error\":{\"code\":500,\"message\":\"m\",\"status\":\"STATUS_ADDED_LATER\"}}]")))
                .isInstanceOf(ServerError.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<!DOCTYPE html><html><body>Error 502</body></html>",
        "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi",
        "{\"candidates\":[]}",
        "{\"usageMetadata\":{\"promptTokenCount\":1}}",
        "''"
    })
    void bodiesThatAreNotAnAnswerAreMalformed(String body) {
        assertThatThrownBy(() -> protocol.decodeResponse(reply(200, body)))
                .isInstanceOfSatisfying(MalformedResponse.class, e -> {
                    assertThat(e.httpStatus()).hasValue(200);
                    assertThat(e.getCause()).as("a parser's message may quote the body").isNull();
                });
    }

    private static String answer(String text, String finish) {
        return "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"" + text + "\"}]}" + finish
                + ",\"index\":0}]}";
    }
}
