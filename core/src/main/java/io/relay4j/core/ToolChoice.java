package io.relay4j.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether the model may, must or must not call the request's tools, or must call one named tool. Mapped to each
 * vendor's field (OpenAI {@code tool_choice}, Anthropic {@code tool_choice}, Gemini {@code functionCallingConfig}).
 * Immutable; make one with {@link #auto()}, {@link #none()}, {@link #required()} or {@link #tool(String)}.
 */
public final class ToolChoice {

    /** How the model chooses. */
    public enum Mode {
        /** The model decides (the vendors' default). */
        AUTO,
        /** The model must not call a tool. */
        NONE,
        /** The model must call at least one tool. */
        REQUIRED,
        /** The model must call {@link #toolName()}. */
        TOOL
    }

    private static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, Optional.empty());
    private static final ToolChoice NONE = new ToolChoice(Mode.NONE, Optional.empty());
    private static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, Optional.empty());

    private final Mode mode;
    private final Optional<String> toolName;

    private ToolChoice(Mode mode, Optional<String> toolName) {
        this.mode = mode;
        this.toolName = toolName;
    }

    /** The model decides. */
    public static ToolChoice auto() {
        return AUTO;
    }

    /** No tool call. */
    public static ToolChoice none() {
        return NONE;
    }

    /** At least one tool call. */
    public static ToolChoice required() {
        return REQUIRED;
    }

    /** A call of the tool named {@code name}, which the request must declare. */
    public static ToolChoice tool(String name) {
        Objects.requireNonNull(name, "tool name must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("tool name must not be blank");
        }
        return new ToolChoice(Mode.TOOL, Optional.of(name));
    }

    /** How the model chooses. */
    public Mode mode() {
        return mode;
    }

    /** The tool the model must call, for {@link Mode#TOOL}. */
    public Optional<String> toolName() {
        return toolName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToolChoice other && mode == other.mode && toolName.equals(other.toolName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, toolName);
    }

    @Override
    public String toString() {
        return "ToolChoice[" + mode + toolName.map(n -> " " + n).orElse("") + "]";
    }
}
