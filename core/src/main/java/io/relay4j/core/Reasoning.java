package io.relay4j.core;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How much a reasoning model thinks before it answers: an effort level, a token budget, or off. One setting for every
 * vendor: OpenAI {@code reasoning_effort}, Anthropic {@code thinking} (a budget, or adaptive thinking with an effort),
 * Gemini {@code thinkingConfig} (a level on Gemini 3, a budget on 2.5). A vendor that takes only one of the two forms
 * gets the nearest equivalent; the provider's documentation says how it maps. Immutable.
 */
public final class Reasoning {

    /** A vendor-neutral effort level. */
    public enum Effort {
        /** As little as the model allows. */
        MINIMAL,
        /** Little. */
        LOW,
        /** The vendors' usual default. */
        MEDIUM,
        /** Much. */
        HIGH,
        /** The most the vendor offers ({@code xhigh} on OpenAI, {@code max} on Anthropic). */
        MAX
    }

    private static final Reasoning OFF = new Reasoning(Optional.empty(), OptionalInt.empty(), false);

    private final Optional<Effort> effort;
    private final OptionalInt budgetTokens;
    private final boolean enabled;

    private Reasoning(Optional<Effort> effort, OptionalInt budgetTokens, boolean enabled) {
        this.effort = effort;
        this.budgetTokens = budgetTokens;
        this.enabled = enabled;
    }

    /** Reasoning at an effort level. */
    public static Reasoning effort(Effort effort) {
        return new Reasoning(Optional.of(Objects.requireNonNull(effort, "effort must not be null")),
                OptionalInt.empty(), true);
    }

    /**
     * Reasoning within a token budget (at least 1024, and below the request's {@code maxTokens} on vendors that
     * count thinking in the output, as Anthropic does).
     */
    public static Reasoning budgetTokens(int tokens) {
        if (tokens < 1024) {
            throw new IllegalArgumentException("a reasoning budget must be at least 1024 tokens, got " + tokens);
        }
        return new Reasoning(Optional.empty(), OptionalInt.of(tokens), true);
    }

    /** No reasoning where the model can turn it off. */
    public static Reasoning off() {
        return OFF;
    }

    /** False for {@link #off()}. */
    public boolean enabled() {
        return enabled;
    }

    /** The effort level, when set as one. */
    public Optional<Effort> effortLevel() {
        return effort;
    }

    /** The token budget, when set as one. */
    public OptionalInt budget() {
        return budgetTokens;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reasoning other && effort.equals(other.effort) && budgetTokens.equals(other.budgetTokens)
                && enabled == other.enabled;
    }

    @Override
    public int hashCode() {
        return Objects.hash(effort, budgetTokens, enabled);
    }

    @Override
    public String toString() {
        return !enabled ? "Reasoning[off]"
                : "Reasoning[" + effort.map(Enum::name).orElseGet(() -> budgetTokens.getAsInt() + " tokens") + "]";
    }
}
