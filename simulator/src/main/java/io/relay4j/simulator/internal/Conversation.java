package io.relay4j.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.simulator.ToolCallShape;
import java.util.List;
import java.util.Optional;

/**
 * What a request asks of the answer's content, read from any vendor's body: the declared tools and the tool choice,
 * whether its last turn carries tool results, a response schema, reasoning, and a tool-shape marker.
 *
 * @param tools            declared function tools, in order
 * @param choice           the tool choice
 * @param parallelAllowed  false when the request turns parallel calls off
 * @param toolResults      how many tool results the last turn carries (0 when it is an ordinary user turn)
 * @param responseSchema   the JSON Schema the answer text must satisfy, if any
 * @param reasoning        the reasoning asked for
 * @param shapeMarker      a {@link ToolCallShape#marker()} found in the last user message
 * @param gemini3          a Gemini 3 model: always signs its first function call and sends call ids
 */
record Conversation(List<Tool> tools, Choice choice, boolean parallelAllowed, int toolResults,
                    Optional<JsonNode> responseSchema, Reasoning reasoning, Optional<ToolCallShape> shapeMarker,
                    boolean gemini3) {

    Conversation {
        tools = List.copyOf(tools);
    }

    /** A request with nothing but text. */
    static Conversation plain() {
        return new Conversation(List.of(), Choice.AUTO, true, 0, Optional.empty(), Reasoning.NONE, Optional.empty(),
                false);
    }

    /** A declared tool: its name and the JSON Schema of its arguments. */
    record Tool(String name, JsonNode parameters) {
    }

    /**
     * The tool choice.
     *
     * @param mode  auto, none, required (any tool) or named
     * @param named the tool a {@link Mode#NAMED} choice forces
     */
    record Choice(Mode mode, Optional<String> named) {
        static final Choice AUTO = new Choice(Mode.AUTO, Optional.empty());

        enum Mode { AUTO, NONE, REQUIRED, NAMED }
    }

    /**
     * The reasoning asked for.
     *
     * @param requested whether the model reasons (reasoning tokens in the usage)
     * @param visible   whether the vendor shows it (Anthropic thinking, Gemini {@code includeThoughts})
     */
    record Reasoning(boolean requested, boolean visible) {
        static final Reasoning NONE = new Reasoning(false, false);
    }
}
