package io.relay4j.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Text in a message. On an answer it may carry the vendor's {@link ProviderState} (Gemini signs some text parts),
 * which goes back with it. Immutable; {@link #toString()} shows the length only.
 */
public final class TextPart implements ContentPart {

    private final String text;
    private final Optional<ProviderState> state;

    private TextPart(String text, Optional<ProviderState> state) {
        this.text = Objects.requireNonNull(text, "text must not be null");
        this.state = Objects.requireNonNull(state, "state must not be null (use Optional.empty())");
    }

    /** Text (may be empty). */
    public static TextPart of(String text) {
        return new TextPart(text, Optional.empty());
    }

    /** This text with the vendor's state attached. */
    public TextPart withState(ProviderState state) {
        return new TextPart(text, Optional.of(Objects.requireNonNull(state, "state must not be null")));
    }

    /** The text. */
    public String text() {
        return text;
    }

    /** The vendor's opaque state for this part, if it gave one. */
    public Optional<ProviderState> state() {
        return state;
    }

    @Override
    public Kind kind() {
        return Kind.TEXT;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TextPart other && text.equals(other.text) && state.equals(other.state);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, state);
    }

    @Override
    public String toString() {
        return "TextPart[chars=" + text.length() + (state.isPresent() ? ", state" : "") + "]";
    }
}
