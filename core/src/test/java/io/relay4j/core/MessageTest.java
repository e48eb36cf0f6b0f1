package io.relay4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A message's role rules and what its accessors read from its parts. */
class MessageTest {

    private static final String SECRET = "my password is swordfish";
    private static final ImagePart IMAGE = ImagePart.of(new byte[] {1, 2, 3}, "image/png");
    private static final ToolCall CALL = ToolCall.of("call_1", "lookup", "{\"q\": \"" + SECRET + "\"}");

    @Test
    void eachRoleHoldsOnlyItsKindsOfParts() {
        ReasoningPart thought = ReasoningPart.of("hmm");
        ToolResult result = ToolResult.of("call_1", "42");

        assertThat(Message.of(Role.SYSTEM, List.of(TextPart.of("a"), TextPart.of("b"))).content()).isEqualTo("ab");
        assertThat(Message.user(TextPart.of("look"), IMAGE).parts()).hasSize(2);
        assertThat(Message.assistant(List.of(thought, TextPart.of("x"), CALL)).parts()).hasSize(3);
        assertThat(Message.toolResults(List.of(result, ToolResult.of("call_2", "43"))).toolResults()).hasSize(2);

        assertRefused(Role.SYSTEM, IMAGE);
        assertRefused(Role.SYSTEM, CALL);
        assertRefused(Role.USER, CALL);
        assertRefused(Role.USER, thought);
        assertRefused(Role.USER, result);
        assertRefused(Role.ASSISTANT, IMAGE);
        assertRefused(Role.ASSISTANT, result);
        assertRefused(Role.TOOL, TextPart.of("x"));
        assertRefused(Role.TOOL, CALL);
        assertThatThrownBy(() -> Message.of(Role.TOOL, "plain")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Message.toolResults(List.of())).hasMessageContaining("at least one part");
        assertThatThrownBy(() -> Message.of(Role.USER, List.of())).hasMessageContaining("at least one part");
    }

    private static void assertRefused(Role role, ContentPart part) {
        assertThatThrownBy(() -> Message.of(role, List.of(part))).as(role + " " + part.kind())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a " + role + " message cannot hold a " + part.kind() + " part");
    }

    @Test
    void accessorsReadTheirPartsInOrder() {
        ToolCall second = ToolCall.of("call_2", "lookup", "{}");
        Message answer = Message.assistant(List.of(ReasoningPart.of("first "), TextPart.of("Let me "),
                ReasoningPart.of("second"), TextPart.of("check."), CALL, second));

        assertThat(answer.content()).isEqualTo("Let me check.");
        assertThat(answer.reasoning()).isEqualTo("first second");
        assertThat(answer.toolCalls()).containsExactly(CALL, second);
        assertThat(answer.toolResults()).isEmpty();
        assertThat(answer.isTextOnly()).isFalse();
        assertThat(answer.hasImages()).isFalse();

        Message callsOnly = Message.assistant(List.of(CALL));
        assertThat(callsOnly.content()).isEmpty();
        assertThat(callsOnly.reasoning()).isEmpty();

        Message results = Message.toolResult("call_1", "42");
        assertThat(results.role()).isEqualTo(Role.TOOL);
        assertThat(results.toolResults()).containsExactly(ToolResult.of("call_1", "42"));
        assertThat(results.content()).isEmpty();
        assertThat(results.toolCalls()).isEmpty();
    }

    @Test
    void textOnlyMeansOneTextPartWithoutState() {
        assertThat(Message.user("hi").isTextOnly()).isTrue();
        assertThat(Message.user(TextPart.of("a"), TextPart.of("b")).isTextOnly()).isFalse();
        assertThat(Message.assistant(List.of(TextPart.of("a").withState(ProviderState.of("g", "gcp.gemini", "s"))))
                .isTextOnly()).isFalse();
        assertThat(Message.assistant(List.of(CALL)).isTextOnly()).isFalse();
    }

    @Test
    void hasImagesLooksIntoToolResultsToo() {
        assertThat(Message.user(TextPart.of("what is this"), IMAGE).hasImages()).isTrue();
        assertThat(Message.toolResults(List.of(ToolResult.of("c", List.of(TextPart.of("chart:"), IMAGE))))
                .hasImages()).isTrue();
        assertThat(Message.toolResults(List.of(ToolResult.of("c", "no image"))).hasImages()).isFalse();
        assertThat(Message.user("plain").hasImages()).isFalse();
    }

    @Test
    void approximateCharsCountsEveryKindOfPart() {
        assertThat(Message.user("12345").approximateChars()).isEqualTo(5);
        assertThat(Message.user(TextPart.of("12345"), IMAGE).approximateChars()).isEqualTo(5 + 6_000);
        ToolCall call = ToolCall.of("c", "abc", "{\"k\":1}");
        assertThat(Message.assistant(List.of(ReasoningPart.of("1234"), TextPart.of("12"), call)).approximateChars())
                .isEqualTo(4 + 2 + 3 + 7);
        assertThat(Message.toolResults(List.of(ToolResult.of("c", List.of(TextPart.of("123"), IMAGE)),
                ToolResult.of("d", "1"))).approximateChars()).isEqualTo(3 + 6_000 + 1);
    }

    @Test
    void equalityFollowsRoleAndPartsAndToStringNeverShowsContent() {
        Message a = Message.assistant(List.of(TextPart.of(SECRET), CALL));
        assertThat(a).isEqualTo(Message.assistant(List.of(TextPart.of(SECRET), CALL))).hasSameHashCodeAs(
                Message.assistant(List.of(TextPart.of(SECRET), CALL)));
        assertThat(a).isNotEqualTo(Message.assistant(List.of(CALL, TextPart.of(SECRET))));
        assertThat(Message.user(SECRET)).isNotEqualTo(Message.assistant(SECRET));
        assertThat(a.toString()).doesNotContain(SECRET).doesNotContain("swordfish").contains("ASSISTANT", "call_1");
        assertThat(Message.user(TextPart.of(SECRET), IMAGE).toString()).doesNotContain(SECRET);
        assertThat(Message.toolResult("c", SECRET).toString()).doesNotContain(SECRET);
    }

    @Test
    void thePartsListIsACopyThatCannotChange() {
        java.util.ArrayList<ContentPart> parts = new java.util.ArrayList<>(List.of(TextPart.of("a")));
        Message m = Message.of(Role.USER, parts);
        parts.add(IMAGE);
        assertThat(m.parts()).hasSize(1);
        assertThatThrownBy(() -> m.parts().add(IMAGE)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.toolCalls().add(CALL)).isInstanceOf(UnsupportedOperationException.class);
    }
}
