package io.relay4j.core;

/**
 * One piece of a {@link Message}: text, an image, a tool call, a tool result, or the model's reasoning. Which
 * parts a message may hold depends on its role ({@link Message} lists the rules). Every part is immutable, and its
 * {@code toString()} never shows text, arguments or image bytes.
 */
public sealed interface ContentPart permits TextPart, ImagePart, ToolCall, ToolResult, ReasoningPart {

    /** What kind of part this is, for a {@code switch} without {@code instanceof} chains. */
    enum Kind {
        /** A {@link TextPart}. */
        TEXT,
        /** An {@link ImagePart}. */
        IMAGE,
        /** A {@link ToolCall}, on an assistant message. */
        TOOL_CALL,
        /** A {@link ToolResult}, on a tool message. */
        TOOL_RESULT,
        /** A {@link ReasoningPart}, on an assistant message. */
        REASONING
    }

    /** This part's kind. */
    Kind kind();
}
