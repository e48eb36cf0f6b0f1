package io.relay4j.core;

import io.relay4j.core.internal.json.JsonText;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The model's request to run one tool, on an assistant message: the call's id (which the {@link ToolResult}
 * answering it names), the tool's name and its arguments, a JSON object. A {@code ToolCall} always holds arguments
 * that parse as a JSON object: blank arguments (which some servers send for a tool without parameters) are
 * {@code {}}, and anything else that is not a JSON object is refused when the call is made, so a provider turns a
 * model's broken arguments into a typed error instead of a call.
 *
 * <p>Immutable. {@link #toString()} shows the id and name, never the arguments.
 */
public final class ToolCall implements ContentPart {

    private final String id;
    private final String name;
    private final String argumentsJson;
    private final Map<String, Object> arguments;
    private final Optional<ProviderState> state;

    private ToolCall(String id, String name, String argumentsJson, Map<String, Object> arguments,
            Optional<ProviderState> state) {
        this.id = id;
        this.name = name;
        this.argumentsJson = argumentsJson;
        this.arguments = arguments;
        this.state = state;
    }

    /**
     * A tool call.
     *
     * @param id            the call's id, not blank
     * @param name          the tool's name, not blank
     * @param argumentsJson the arguments as a JSON object's text; blank means {@code {}}
     * @throws IllegalArgumentException when the arguments are not a JSON object (the message gives the position,
     *                                  never the text)
     */
    public static ToolCall of(String id, String name, String argumentsJson) {
        requireText(id, "tool call id");
        requireText(name, "tool name");
        Objects.requireNonNull(argumentsJson, "argumentsJson must not be null");
        String json = argumentsJson.isBlank() ? "{}" : argumentsJson;
        Map<String, Object> parsed;
        try {
            parsed = JsonText.parseObject(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the arguments of tool call '" + id + "' (" + name + ") "
                    + e.getMessage());
        }
        return new ToolCall(id, name, json, parsed, Optional.empty());
    }

    /** This call with another id (the arguments are not parsed again). */
    public ToolCall withId(String id) {
        requireText(id, "tool call id");
        return new ToolCall(id, name, argumentsJson, arguments, state);
    }

    /** This call with the vendor's opaque state attached (a Gemini {@code thoughtSignature}). */
    public ToolCall withState(ProviderState state) {
        return new ToolCall(id, name, argumentsJson, arguments,
                Optional.of(Objects.requireNonNull(state, "state must not be null")));
    }

    private static void requireText(String s, String what) {
        Objects.requireNonNull(s, what + " must not be null");
        if (s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }

    /** The call's id; a {@link ToolResult} answers it by this id. */
    public String id() {
        return id;
    }

    /** The tool's name. */
    public String name() {
        return name;
    }

    /** The arguments as JSON text, as the vendor sent them ({@code {}} when it sent none). */
    public String argumentsJson() {
        return argumentsJson;
    }

    /**
     * The arguments parsed: an unmodifiable map in the order the JSON has them, whose values are {@code String},
     * {@code Long} or {@code BigDecimal}, {@code Boolean}, {@code List}, {@code Map}, or {@code null} for a JSON null.
     */
    public Map<String, Object> arguments() {
        return arguments;
    }

    /** The vendor's opaque state for this call, if it gave one. */
    public Optional<ProviderState> state() {
        return state;
    }

    @Override
    public Kind kind() {
        return Kind.TOOL_CALL;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToolCall other && id.equals(other.id) && name.equals(other.name)
                && arguments.equals(other.arguments) && state.equals(other.state);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, name, arguments, state);
    }

    @Override
    public String toString() {
        return "ToolCall[id=" + id + ", name=" + name + ", argumentChars=" + argumentsJson.length()
                + (state.isPresent() ? ", state" : "") + "]";
    }
}
