package io.relay4j.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderState;
import io.relay4j.core.ReasoningPart;
import io.relay4j.core.Role;
import io.relay4j.core.TextPart;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContinuationRequestTest {

    private final LlmRequest original = LlmRequest.builder()
            .system("Be brief.")
            .user("Explain pod affinity.")
            .maxTokens(200)
            .temperature(0.3)
            .stop("END")
            .metadata("team", "infra")
            .build();

    @Test
    void targetWithPrefillContinuesThePartialAnswerAsItsOwnTurn() {
        LlmRequest continuation = ContinuationRequest.build(original, "Pod affinity lets", true);

        assertThat(continuation.messages()).containsExactly(
                Message.system("Be brief."), Message.user("Explain pod affinity."),
                Message.assistant("Pod affinity lets"));
    }

    /** Issue 13: a prefill of several parts was flattened to its text, losing its reasoning and its state. */
    @Test
    void callersOwnPrefillOfSeveralPartsKeepsThemAndGetsThePartialAnswerAfter() {
        ReasoningPart thought = ReasoningPart.of("plan").withState(ProviderState.of("a", "anthropic", "sig"));
        LlmRequest prefilled = original.toBuilder().message(Message.assistant(List.of(thought,
                TextPart.of("{\"answer\": \"")))).build();

        LlmRequest continuation = ContinuationRequest.build(prefilled, "Pod aff", true);

        assertThat(continuation.lastMessage().parts()).containsExactly(thought, TextPart.of("{\"answer\": \""),
                TextPart.of("Pod aff"));
        assertThat(continuation.lastMessage().content()).isEqualTo("{\"answer\": \"Pod aff");
    }

    @Test
    void callersOwnPrefillIsExtendedRatherThanRepeated() {
        LlmRequest prefilled = original.toBuilder().assistant("{\"answer\": \"").build();

        LlmRequest continuation = ContinuationRequest.build(prefilled, "Pod aff", true);

        assertThat(continuation.messages()).hasSize(3);
        assertThat(continuation.lastMessage()).isEqualTo(Message.assistant("{\"answer\": \"Pod aff"));
    }

    @Test
    void targetWithoutPrefillIsAskedToContinueTheQuotedText() {
        LlmRequest continuation = ContinuationRequest.build(original, "Pod affinity lets", false);

        assertThat(continuation.messages()).hasSize(3);
        assertThat(continuation.messages().subList(0, 2)).isEqualTo(original.messages());
        Message instruction = continuation.lastMessage();
        assertThat(instruction.role()).isEqualTo(Role.USER);
        assertThat(instruction.content())
                .isEqualTo(ContinuationRequest.INSTRUCTION_HEAD + "Pod affinity lets" + ContinuationRequest.INSTRUCTION_TAIL)
                .contains("Continue the answer exactly from where it stops")
                .contains("do not repeat");
    }

    @Test
    void everySettingOfTheOriginalRequestIsKeptButMaxTokens() {
        for (boolean prefill : new boolean[] {true, false}) {
            LlmRequest continuation = ContinuationRequest.build(original, "x", prefill);

            assertThat(continuation.maxTokens()).as("less the one estimated token of \"x\"")
                    .hasValue(original.maxTokens().getAsInt() - 1);
            assertThat(continuation.temperature()).isEqualTo(original.temperature());
            assertThat(continuation.stopSequences()).containsExactly("END");
            assertThat(continuation.metadata()).containsEntry("team", "infra");
            assertThat(continuation.model()).isEmpty();
        }
    }

    /** Issue 12 item 9: a continuation kept the caller's full maxTokens, so each provider tried could add as much. */
    @Test
    void aContinuationAsksForWhatIsLeftOfMaxTokens() {
        String partial = "x".repeat(400);

        assertThat(ContinuationRequest.build(original, partial, true).maxTokens()).as("200 less 400 / 4").hasValue(100);
        assertThat(ContinuationRequest.build(original, "x".repeat(2_000), true).maxTokens())
                .as("never below one token").hasValue(1);
        assertThat(ContinuationRequest.build(LlmRequest.of("hi"), partial, true).maxTokens()).isEmpty();
    }

    @Test
    void theContinuationsPromptSizeIsKnownBeforeItIsBuilt() {
        String partial = "Pod affinity lets";
        for (boolean prefill : new boolean[] {true, false}) {
            assertThat(ContinuationRequest.promptChars(original, partial.length(), prefill))
                    .isEqualTo(ContinuationRequest.build(original, partial, prefill).totalChars());
        }
    }
}
