package io.relay4j.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A stream event rendered once per stream with a placeholder where the token text goes, so each token costs
 * two string concatenations instead of building and serialising a JSON tree.
 */
final class EventTemplate {

    /** Put this as the text value in the tree given to {@link #of}; a private-use character never sent by clients. */
    public static final String SLOT = "\uE000relay4j-slot\uE000";

    private final String before;
    private final String after;

    private EventTemplate(String before, String after) {
        this.before = before;
        this.after = after;
    }

    /** Splits {@code prefix + json(tree) + suffix} around the {@link #SLOT} string value. */
    public static EventTemplate of(String prefix, JsonNode tree, String suffix) {
        String json = Json.write(tree);
        String slot = Json.quote(SLOT);
        int at = json.lastIndexOf(slot);
        if (at < 0) {
            throw new IllegalArgumentException("the event tree holds no SLOT value");
        }
        return new EventTemplate(prefix + json.substring(0, at), json.substring(at + slot.length()) + suffix);
    }

    /** The event with {@code text} in the slot, JSON-escaped. */
    public String render(String text) {
        return before + Json.quote(text) + after;
    }
}
