package io.relay4j.core;

import io.relay4j.core.internal.json.JsonText;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tool the model may call: its name, what it does, and a JSON Schema for its parameters. Sent in each vendor's
 * own tool declaration. Names are 1-64 letters, digits, {@code _} or {@code -}, the set every vendor accepts.
 *
 * <p>Immutable; make one with {@link #of(String, String, String)}. {@link #toString()} shows the name only.
 */
public final class Tool {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String name;
    private final String description;
    private final String parametersJson;
    private final boolean strict;

    private Tool(String name, String description, String parametersJson, boolean strict) {
        this.name = name;
        this.description = description;
        this.parametersJson = parametersJson;
        this.strict = strict;
    }

    /**
     * A tool.
     *
     * @param name           1-64 letters, digits, {@code _} or {@code -}
     * @param description    what the tool does and when to use it (the model reads it); may be empty
     * @param parametersJson the JSON Schema of the arguments, a JSON object such as
     *                       {@code {"type":"object","properties":{...},"required":[...]}}
     */
    public static Tool of(String name, String description, String parametersJson) {
        Objects.requireNonNull(name, "tool name must not be null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "tool name must be 1-64 letters, digits, '_' or '-' (the set every vendor accepts), got '"
                            + name + "'");
        }
        Objects.requireNonNull(description, "description must not be null (use an empty string)");
        Objects.requireNonNull(parametersJson, "parametersJson must not be null");
        try {
            JsonText.parseObject(parametersJson);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the parameters schema of tool '" + name + "' " + e.getMessage());
        }
        return new Tool(name, description, parametersJson, false);
    }

    /** A tool without parameters. */
    public static Tool withoutParameters(String name, String description) {
        return of(name, description, "{\"type\":\"object\",\"properties\":{}}");
    }

    /** This tool, with the vendor asked to hold the arguments to the schema exactly where it can (OpenAI, Anthropic). */
    public Tool withStrict(boolean strict) {
        return new Tool(name, description, parametersJson, strict);
    }

    /** The tool's name. */
    public String name() {
        return name;
    }

    /** What the tool does. */
    public String description() {
        return description;
    }

    /** The JSON Schema of the arguments, as JSON text. */
    public String parametersJson() {
        return parametersJson;
    }

    /** Whether the vendor should enforce the schema exactly where it can (default false). */
    public boolean strict() {
        return strict;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tool other && name.equals(other.name) && description.equals(other.description)
                && parametersJson.equals(other.parametersJson) && strict == other.strict;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, description, parametersJson, strict);
    }

    @Override
    public String toString() {
        return "Tool[name=" + name + (strict ? ", strict" : "") + "]";
    }
}
