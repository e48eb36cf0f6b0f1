package io.relay4j.providers.internal.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.Tool;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tool conversation in the caller's hands: each turn answered by some vendor (decoded by that vendor's decoder),
 * then the caller's results for every call of the turn, answered by the ids the caller was given.
 */
final class ToolConversation {

    static final List<Tool> TOOLS = List.of(Tool.withoutParameters("get_weather", "Weather"),
            Tool.withoutParameters("get_time", "Time"), Tool.withoutParameters("read_file", "Read a file"));

    private final List<Message> messages = new ArrayList<>(List.of(Message.user("Plan my day")));
    private final List<TargetVendor> answeredBy = new ArrayList<>();
    private final List<Message> answers = new ArrayList<>();
    private final Map<TargetVendor, Set<String>> issued = new EnumMap<>(TargetVendor.class);

    /** Vendor {@code vendor} answers with {@code calls}; the caller runs them and appends their results. */
    ToolConversation turn(TargetVendor vendor, List<TargetVendor.Call> calls) {
        Message answer = vendor.answer(request(), calls, answers.size());
        assertThat(answer.toolCalls()).as("%s's decoder keeps the vendor's calls", vendor).hasSize(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            if (!calls.get(i).id().isEmpty()) {
                assertThat(answer.toolCalls().get(i).id()).as("the caller sees %s's own ids", vendor)
                        .isEqualTo(calls.get(i).id());
            }
            if (!calls.get(i).id().isEmpty()) {
                // Gemini's ids are Gemini's on any Gemini model or account: they may go back to each of them
                for (TargetVendor same : vendor.wire == TargetVendor.Wire.GEMINI
                        ? List.of(TargetVendor.GEMINI_25, TargetVendor.GEMINI_3) : List.of(vendor)) {
                    issued.computeIfAbsent(same, v -> new HashSet<>()).add(calls.get(i).id());
                }
            }
        }
        messages.add(answer);
        answeredBy.add(vendor);
        answers.add(answer);
        List<ToolResult> results = new ArrayList<>();
        for (ToolCall call : answer.toolCalls()) {
            results.add(ToolResult.of(call.id(), "{\"ok\":\"" + call.name() + "\"}"));
        }
        messages.add(Message.toolResults(results));
        return this;
    }

    LlmRequest request() {
        return LlmRequest.builder().messages(messages).tools(TOOLS).build();
    }

    /** The body {@code target} gets for the conversation so far, checked against the target's rules. */
    JsonNode sendTo(TargetVendor target) {
        JsonNode body = target.encode(request());
        assertThat(target.violations(body, issued.getOrDefault(target, Set.of()))).as("%s's rules on %s", target, body).isEmpty();
        String text = body.toString();
        for (TargetVendor other : TargetVendor.values()) {
            if (other != target) {
                assertThat(text).as("no state of %s goes to %s", other, target).doesNotContain("sig-" + other.provider()
                        + "-");
            }
        }
        List<TargetVendor.Step> steps = target.steps(body);
        assertThat(steps).as("every tool step reaches %s", target).hasSize(answers.size());
        for (int t = 0; t < answers.size(); t++) {
            if (answeredBy.get(t) == target) {
                assertOwnTurnComesBack(target, steps.get(t), t);
            }
        }
        return body;
    }

    /** A vendor gets its own turn back as it gave it: its ids (those it issued) and its signature. */
    private void assertOwnTurnComesBack(TargetVendor target, TargetVendor.Step step, int turn) {
        List<String> expected = new ArrayList<>();
        for (ToolCall call : answers.get(turn).toolCalls()) {
            expected.add(target == TargetVendor.GEMINI_25 && call.id().startsWith("relay4j-gemini-") ? "" : call.id());
        }
        assertThat(step.callIds()).as("%s gets its own ids of turn %s back", target, turn).isEqualTo(expected);
        if (target.signs()) {
            assertThat(String.join(" ", step.signatures())).as("%s gets its own signature of turn %s back", target,
                    turn).contains(target.signature(turn));
        }
    }

    List<Message> answers() {
        return answers;
    }
}
