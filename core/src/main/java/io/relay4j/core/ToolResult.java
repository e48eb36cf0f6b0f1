package io.relay4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The result of running a tool, answering one {@link ToolCall} by its id, on a {@link Role#TOOL} message. Its
 * content is text, and images where the tool produced them (vendors that cannot carry images in a tool result get
 * them in a user message right after). An error result ({@link #error(String, String)}) tells the model the tool
 * failed, so it can try otherwise.
 *
 * <p>Immutable. {@link #toString()} never shows the content.
 */
public final class ToolResult implements ContentPart {

    private final String callId;
    private final List<ContentPart> content;
    private final boolean error;

    private ToolResult(String callId, List<ContentPart> content, boolean error) {
        Objects.requireNonNull(callId, "callId must not be null");
        if (callId.isBlank()) {
            throw new IllegalArgumentException("callId must not be blank: it names the tool call this answers");
        }
        for (ContentPart part : Objects.requireNonNull(content, "content must not be null")) {
            if (!(part instanceof TextPart) && !(part instanceof ImagePart)) {
                throw new IllegalArgumentException("a tool result holds text and images only, got " + part.kind());
            }
        }
        this.callId = callId;
        this.content = List.copyOf(content);
        this.error = error;
    }

    /** The successful result of call {@code callId}, as text (often JSON). */
    public static ToolResult of(String callId, String text) {
        return new ToolResult(callId, List.of(TextPart.of(text)), false);
    }

    /** The successful result of call {@code callId}, as text and images. */
    public static ToolResult of(String callId, List<ContentPart> content) {
        return new ToolResult(callId, new ArrayList<>(content), false);
    }

    /** Call {@code callId} failed; {@code message} tells the model why. */
    public static ToolResult error(String callId, String message) {
        return new ToolResult(callId, List.of(TextPart.of(message)), true);
    }

    /** The id of the call this answers. */
    public String callId() {
        return callId;
    }

    /** The result's text and images, in order. */
    public List<ContentPart> content() {
        return content;
    }

    /** The text parts of the result joined, without images. */
    public String text() {
        if (content.size() == 1 && content.get(0) instanceof TextPart only) {
            return only.text();
        }
        StringBuilder out = new StringBuilder();
        for (ContentPart part : content) {
            if (part instanceof TextPart text) {
                out.append(text.text());
            }
        }
        return out.toString();
    }

    /** True when the tool failed. */
    public boolean isError() {
        return error;
    }

    @Override
    public Kind kind() {
        return Kind.TOOL_RESULT;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToolResult other && callId.equals(other.callId) && content.equals(other.content)
                && error == other.error;
    }

    @Override
    public int hashCode() {
        return Objects.hash(callId, content, error);
    }

    @Override
    public String toString() {
        return "ToolResult[callId=" + callId + ", parts=" + content.size() + (error ? ", error" : "") + "]";
    }
}
