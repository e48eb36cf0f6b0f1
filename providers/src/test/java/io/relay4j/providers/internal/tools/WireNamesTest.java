package io.relay4j.providers.internal.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Message;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireNamesTest {

    private static List<Message> history(String... ids) {
        List<ToolCall> calls = new java.util.ArrayList<>();
        List<ToolResult> results = new java.util.ArrayList<>();
        for (String id : ids) {
            calls.add(ToolCall.of(id, "mcp.files.read", "{}"));
            results.add(ToolResult.of(id, "ok"));
        }
        return List.of(Message.user("q"), Message.assistant(calls), Message.toolResults(results));
    }

    @Test
    void anIdTheTargetAcceptsPassesUnchangedAndAnotherIsMintedTheSameWayEveryTime() {
        String longId = "call_" + "x".repeat(55);
        WireNames openAi = WireNames.of(history("call_abc", longId), WireRule.OPENAI_CALL_ID, WireRule.OPENAI_TOOL_NAME);

        assertThat(openAi.callId("call_abc")).isEqualTo("call_abc");
        assertThat(openAi.callId(longId)).matches("call_[a-zA-Z0-9]{24}")
                .isEqualTo(WireNames.of(history("call_abc", longId), WireRule.OPENAI_CALL_ID,
                        WireRule.OPENAI_TOOL_NAME).callId(longId));
        assertThat(WireNames.of(history("call_abc", longId), WireRule.AZURE_CALL_ID, WireRule.OPENAI_TOOL_NAME)
                .callId(longId)).as("Azure takes 60 characters").isEqualTo(longId);
    }

    @Test
    void mistralGetsNineAlphanumericsAndAnthropicGetsToolu() {
        List<Message> history = history("functions.Bash:0", "call_ABCdef123", "relay4j-gemini-0-1");
        WireNames mistral = WireNames.of(history, WireRule.MISTRAL_CALL_ID, WireRule.OPENAI_TOOL_NAME);
        WireNames anthropic = WireNames.of(history, WireRule.ANTHROPIC_CALL_ID, WireRule.ANTHROPIC_TOOL_NAME);

        assertThat(List.of(mistral.callId("functions.Bash:0"), mistral.callId("call_ABCdef123"),
                mistral.callId("relay4j-gemini-0-1"))).allMatch(id -> id.matches("[a-zA-Z0-9]{9}")).doesNotHaveDuplicates();
        assertThat(anthropic.callId("functions.Bash:0")).matches("toolu_[a-zA-Z0-9]{24}");
        assertThat(anthropic.callId("call_ABCdef123")).isEqualTo("call_ABCdef123");
        assertThat(anthropic.toolName("mcp.files.read")).startsWith("mcp_files_read_").matches("[a-zA-Z0-9_-]{1,128}");
    }

    @Test
    void aMintedIdThatMeetsAnIdAlreadyInTheRequestIsMintedAgain() {
        String foreign = "functions.Bash:0";
        String collides = WireRule.MISTRAL_CALL_ID.mint(foreign, 0);
        WireNames mistral = WireNames.of(history(foreign, collides), WireRule.MISTRAL_CALL_ID,
                WireRule.OPENAI_TOOL_NAME);

        assertThat(mistral.callId(collides)).as("an id that fits keeps its value").isEqualTo(collides);
        assertThat(mistral.callId(foreign)).isNotEqualTo(collides).matches("[a-zA-Z0-9]{9}")
                .isEqualTo(WireRule.MISTRAL_CALL_ID.mint(foreign, 1));
    }

    @Test
    void aTargetsOwnTurnKeepsItsIdsOutsideThePortableRule() {
        WireNames own = WireNames.of(history("functions.Bash:0"), WireRule.OPENAI_CALL_ID, WireRule.OPENAI_TOOL_NAME,
                m -> true);

        assertThat(own.callId("functions.Bash:0")).isEqualTo("functions.Bash:0");
    }
}
