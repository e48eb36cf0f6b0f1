package io.relay4j.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The model's reasoning on an assistant message, where the vendor returns it: Anthropic thinking blocks (with their
 * signature as {@link #state()}), redacted thinking (no text, the encrypted data as state), Gemini thought
 * summaries, the {@code reasoning_content} of OpenAI-compatible servers. Kept on the message so the next turn sends
 * it back to the vendor that made it, as vendors require in tool loops; other vendors never receive it.
 *
 * <p>Immutable. {@link #toString()} shows the length only.
 */
public final class ReasoningPart implements ContentPart {

    private final String text;
    private final Optional<ProviderState> state;
    private final boolean redacted;

    private ReasoningPart(String text, Optional<ProviderState> state, boolean redacted) {
        this.text = Objects.requireNonNull(text, "text must not be null");
        this.state = Objects.requireNonNull(state, "state must not be null (use Optional.empty())");
        this.redacted = redacted;
    }

    /** Reasoning text (may be empty when the vendor returns only a signature). */
    public static ReasoningPart of(String text) {
        return new ReasoningPart(text, Optional.empty(), false);
    }

    /** Reasoning the vendor withheld: no text, only its opaque data (Anthropic's {@code redacted_thinking}). */
    public static ReasoningPart redacted(ProviderState data) {
        return new ReasoningPart("", Optional.of(Objects.requireNonNull(data, "data must not be null")), true);
    }

    /** This reasoning with the vendor's signature attached. */
    public ReasoningPart withState(ProviderState state) {
        return new ReasoningPart(text, Optional.of(Objects.requireNonNull(state, "state must not be null")),
                redacted);
    }

    /** The reasoning text (empty when redacted). */
    public String text() {
        return text;
    }

    /** The vendor's opaque state: a signature, or a redacted block's data. */
    public Optional<ProviderState> state() {
        return state;
    }

    /** True for reasoning the vendor withheld (its data is the {@link #state()}). */
    public boolean isRedacted() {
        return redacted;
    }

    @Override
    public Kind kind() {
        return Kind.REASONING;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReasoningPart other && text.equals(other.text) && state.equals(other.state)
                && redacted == other.redacted;
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, state, redacted);
    }

    @Override
    public String toString() {
        return "ReasoningPart[chars=" + text.length() + (redacted ? ", redacted" : "")
                + (state.isPresent() ? ", state" : "") + "]";
    }
}
