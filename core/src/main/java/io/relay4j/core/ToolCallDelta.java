package io.relay4j.core;

import java.util.Objects;

/**
 * A fragment of a tool call's arguments as the vendor streams them, for user interfaces that show arguments as they
 * arrive. Sent only when the request asks for them ({@code LlmRequest.Builder.toolCallDeltas(true)}); the complete,
 * parsed call still follows as its own chunk ({@link LlmChunk#toolCall()}), which is what a program should act on.
 * The fragments of one call share its {@link #index()}; the id and name may be known only once the call completes.
 * Immutable; {@link #toString()} never shows the fragment.
 */
public final class ToolCallDelta {

    private final int index;
    private final String name;
    private final String argumentsFragment;

    private ToolCallDelta(int index, String name, String argumentsFragment) {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative, got " + index);
        }
        this.index = index;
        this.name = Objects.requireNonNull(name, "name must not be null (use an empty string)");
        this.argumentsFragment = Objects.requireNonNull(argumentsFragment, "argumentsFragment must not be null");
    }

    /**
     * A fragment.
     *
     * @param index             the call's position among the answer's calls, from 0
     * @param name              the tool's name where known, else empty
     * @param argumentsFragment the next characters of the arguments' JSON text
     */
    public static ToolCallDelta of(int index, String name, String argumentsFragment) {
        return new ToolCallDelta(index, name, argumentsFragment);
    }

    /** The call's position among the answer's calls, from 0. */
    public int index() {
        return index;
    }

    /** The tool's name, or empty where not yet known. */
    public String name() {
        return name;
    }

    /** The next characters of the arguments' JSON text. */
    public String argumentsFragment() {
        return argumentsFragment;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToolCallDelta other && index == other.index && name.equals(other.name)
                && argumentsFragment.equals(other.argumentsFragment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, name, argumentsFragment);
    }

    @Override
    public String toString() {
        return "ToolCallDelta[index=" + index + ", name=" + name + ", chars=" + argumentsFragment.length() + "]";
    }
}
