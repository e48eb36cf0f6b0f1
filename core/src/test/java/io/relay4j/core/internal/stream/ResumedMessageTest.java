package io.relay4j.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Message;
import io.relay4j.core.ProviderState;
import io.relay4j.core.ReasoningPart;
import io.relay4j.core.TextPart;
import io.relay4j.core.ToolCall;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumedMessageTest {

    private static final ReasoningPart THOUGHT = ReasoningPart.of("go on");

    @Test
    void theTextIsThePartialAnswerAndTheEndOfTheContinuationTheConsumerReceived() {
        // the continuation restated "affinity lets" (13 characters the trimmer dropped); 6 new characters passed
        Message continuation = Message.assistant(List.of(THOUGHT, TextPart.of("affinity lets"),
                TextPart.of(" you.").withState(ProviderState.of("b", "gcp.gemini", "sig"))));

        Message resumed = ResumedMessage.of(continuation, "Pod affinity lets", 5);

        assertThat(resumed.parts()).containsExactly(THOUGHT, TextPart.of("Pod affinity lets you."));
    }

    @Test
    void theWholeTextGoesBeforeToolCallsAndIsAddedWhenTheContinuationHasNone() {
        ToolCall call = ToolCall.of("c1", "search", "{}");

        assertThat(ResumedMessage.of(Message.assistant(List.of(THOUGHT, call)), "Partial", 0).parts())
                .containsExactly(THOUGHT, TextPart.of("Partial"), call);
        assertThat(ResumedMessage.of(Message.assistant(List.of(THOUGHT)), "Partial", 0).parts())
                .containsExactly(THOUGHT, TextPart.of("Partial"));
        // a provider whose message holds less than it streamed: its whole text is taken
        assertThat(ResumedMessage.of(Message.assistant("ab"), "P ", 5).content()).isEqualTo("P ab");
    }
}
