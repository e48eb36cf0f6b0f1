package io.relay4j.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.Role;
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
    void everySettingOfTheOriginalRequestIsKept() {
        for (boolean prefill : new boolean[] {true, false}) {
            LlmRequest continuation = ContinuationRequest.build(original, "x", prefill);

            assertThat(continuation.maxTokens()).isEqualTo(original.maxTokens());
            assertThat(continuation.temperature()).isEqualTo(original.temperature());
            assertThat(continuation.stopSequences()).containsExactly("END");
            assertThat(continuation.metadata()).containsEntry("team", "infra");
            assertThat(continuation.model()).isEmpty();
        }
    }
}
