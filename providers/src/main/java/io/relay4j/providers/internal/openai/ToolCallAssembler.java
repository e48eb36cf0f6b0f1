package io.relay4j.providers.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolCallDelta;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.providers.internal.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles the tool calls of one Chat Completions stream from its {@code delta.tool_calls} fragments, by the rules
 * the servers of this family need (tools-and-content.md section 4):
 * <ul>
 *   <li>slots are keyed by {@code (choice, index)} in a map, never by array position: 1-based and sparse indices
 *       work;</li>
 *   <li>a non-empty {@code id} unlike the slot's on a used index opens a new slot (Ollama, LiteLLM and OneAPI put
 *       every parallel call on index 0 with a new id); the old slot keeps its data;</li>
 *   <li>an index change is not a completion: deltas may interleave (0, 1, 0);</li>
 *   <li>the {@code id} and the first non-empty {@code name} are taken once; only {@code arguments} are appended;</li>
 *   <li>calls are closed only at the turn's finish reason ({@link #close}), in first-appearance order, each once: empty
 *       arguments are {@code {}}, invalid ones an {@code InvalidOutput}. A stream cut before it closes nothing.</li>
 * </ul>
 * One per stream, used from one thread at a time.
 */
final class ToolCallAssembler {

    private final OpenAiOptions options;
    private final boolean emitDeltas;
    /** The slot each {@code (choice, index)} currently feeds. */
    private final Map<Long, Slot> open = new HashMap<>();
    /** Every slot, in first-appearance order. */
    private final List<Slot> slots = new ArrayList<>();
    private boolean closed;
    private List<ToolCall> calls = List.of();

    /** @param emitDeltas whether {@link #accept} returns the argument fragments, for requests that asked for them */
    ToolCallAssembler(OpenAiOptions options, boolean emitDeltas) {
        this.options = options;
        this.emitDeltas = emitDeltas;
    }

    /**
     * Takes one element of a delta's {@code tool_calls}.
     *
     * @return the argument fragment it brought, when fragments were asked for and it brought one; else {@code null}
     * @throws IllegalStateException when the calls were already closed (a fragment after the finish reason)
     */
    ToolCallDelta accept(int choice, JsonNode fragment) {
        if (closed) {
            throw new IllegalStateException("a tool call fragment arrived after the finish reason");
        }
        long key = ((long) choice << 32) | (fragment.path("index").asInt(0) & 0xFFFF_FFFFL);
        String id = Json.text(fragment, "id").orElse("");
        Slot slot = open.get(key);
        if (slot == null || !id.isEmpty() && !slot.id.isEmpty() && !id.equals(slot.id)) {
            slot = new Slot(slots.size());
            slots.add(slot);
            open.put(key, slot);
        }
        if (slot.id.isEmpty()) {
            slot.id = id;
        }
        JsonNode function = fragment.path("function");
        if (slot.name.isEmpty()) {
            slot.name = Json.text(function, "name").orElse("");
        }
        String arguments = OpenAiAnswerMessage.argumentsText(function.get("arguments"));
        slot.arguments.append(arguments);
        JsonNode extra = fragment.get("extra_content");
        if (extra != null && extra.isObject()) {
            slot.extraContent = extra;
        }
        return emitDeltas && !arguments.isEmpty() ? ToolCallDelta.of(slot.ordinal, slot.name, arguments) : null;
    }

    /**
     * Closes every call: the turn's finish reason arrived. Returns the calls not returned before, in first-appearance
     * order (all of them the first time, none after).
     *
     * @throws io.relay4j.core.error.InvalidOutput for a call without a name or id, or with arguments that are not a
     *                                             JSON object
     */
    List<ToolCall> close(ErrorDetails details) {
        if (closed) {
            return List.of();
        }
        closed = true;
        if (slots.isEmpty()) {
            return List.of();
        }
        List<ToolCall> done = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            done.add(OpenAiAnswerMessage.call(slot.id, slot.name, slot.arguments.toString(), slot.extraContent,
                    options, details));
        }
        calls = List.copyOf(done);
        return calls;
    }

    /** The closed calls, in order (empty before {@link #close}). */
    List<ToolCall> calls() {
        return calls;
    }

    /** One call being assembled. */
    private static final class Slot {
        final int ordinal;
        String id = "";
        String name = "";
        final StringBuilder arguments = new StringBuilder();
        JsonNode extraContent;

        Slot(int ordinal) {
            this.ordinal = ordinal;
        }
    }
}
