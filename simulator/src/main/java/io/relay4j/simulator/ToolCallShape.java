package io.relay4j.simulator;

import java.util.Optional;

/**
 * How a simulator answers a request that declares tools (and does not forbid them with its tool choice) when the
 * conversation's last turn is the user's. Set a server-wide default with
 * {@link Behaviour.Builder#toolCallShape(ToolCallShape)}; override it for one request by putting a shape's
 * {@link #marker()} anywhere in the text of the request's last user message (a prompt passes unchanged through
 * every client, so a test steers the simulator through a provider as well as over raw HTTP).
 *
 * <p>Whatever the shape, a request whose last turn carries tool results gets a final text answer that says how many
 * results it received (unless that same user turn goes on with a question carrying a marker, as Anthropic and
 * Gemini put the results and the next question in one turn: then the marker's calls), and a request that turns parallel calls off ({@code parallel_tool_calls: false},
 * {@code disable_parallel_tool_use: true}) gets at most one call.
 */
public enum ToolCallShape {
    /** One call to the first declared tool (or the tool the tool choice names). */
    SINGLE("[sim:tools=single]"),
    /**
     * Two calls in one answer: the first two declared tools, or the same tool twice when only one is declared or
     * the tool choice names one.
     */
    PARALLEL("[sim:tools=parallel]"),
    /** A short text ("Calling {@code <tool>}.") followed by one call, in the same answer. */
    TEXT_THEN_TOOL("[sim:tools=text-then-tool]");

    private final String marker;

    ToolCallShape(String marker) {
        this.marker = marker;
    }

    /** The text that, found in a request's last user message, makes the simulator answer in this shape. */
    public String marker() {
        return marker;
    }

    /** The shape whose {@link #marker()} {@code text} contains, if any (the first shape in declaration order wins). */
    public static Optional<ToolCallShape> markedIn(String text) {
        for (ToolCallShape shape : values()) {
            if (text.contains(shape.marker)) {
                return Optional.of(shape);
            }
        }
        return Optional.empty();
    }
}
