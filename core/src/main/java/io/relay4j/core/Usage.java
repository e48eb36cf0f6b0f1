package io.relay4j.core;

import java.util.Objects;

/**
 * Tokens an answer consumed, as the vendor reported them. Immutable; make one with {@link #of(long, long)}, or
 * with {@link #builder()} when the vendor reports more (cached input tokens).
 */
public final class Usage {

    /** No tokens reported. */
    public static final Usage NONE = new Usage(0, 0, 0, 0);

    private final long inputTokens;
    private final long outputTokens;
    private final long cachedInputTokens;
    private final long reasoningTokens;

    private Usage(long inputTokens, long outputTokens, long cachedInputTokens, long reasoningTokens) {
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.cachedInputTokens = cachedInputTokens;
        this.reasoningTokens = reasoningTokens;
    }

    /** Input and output tokens, none of them cached. */
    public static Usage of(long inputTokens, long outputTokens) {
        return builder().inputTokens(inputTokens).outputTokens(outputTokens).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this usage. */
    public Builder toBuilder() {
        return new Builder().inputTokens(inputTokens).outputTokens(outputTokens).cachedInputTokens(cachedInputTokens)
                .reasoningTokens(reasoningTokens);
    }

    /** Prompt tokens, cached ones included. */
    public long inputTokens() {
        return inputTokens;
    }

    /** Generated tokens, reasoning tokens included. */
    public long outputTokens() {
        return outputTokens;
    }

    /** The part of {@link #inputTokens()} served from the vendor's prompt cache. */
    public long cachedInputTokens() {
        return cachedInputTokens;
    }

    /**
     * The part of {@link #outputTokens()} the model spent reasoning (providers normalise: Gemini counts thoughts
     * apart from its candidates, and its provider adds them to the output tokens).
     */
    public long reasoningTokens() {
        return reasoningTokens;
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cachedInputTokens + other.cachedInputTokens, reasoningTokens + other.reasoningTokens);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Usage other && inputTokens == other.inputTokens && outputTokens == other.outputTokens
                && cachedInputTokens == other.cachedInputTokens && reasoningTokens == other.reasoningTokens;
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputTokens, outputTokens, cachedInputTokens, reasoningTokens);
    }

    @Override
    public String toString() {
        return "Usage[inputTokens=" + inputTokens + ", outputTokens=" + outputTokens + ", cachedInputTokens="
                + cachedInputTokens + (reasoningTokens == 0 ? "" : ", reasoningTokens=" + reasoningTokens) + "]";
    }

    /** Builds a {@link Usage}; every count defaults to 0 and must not be negative. Not thread-safe. */
    public static final class Builder {
        private long inputTokens;
        private long outputTokens;
        private long cachedInputTokens;
        private long reasoningTokens;

        private Builder() {
        }

        /** Prompt tokens, cached ones included. */
        public Builder inputTokens(long tokens) {
            this.inputTokens = notNegative(tokens, "inputTokens");
            return this;
        }

        /** Generated tokens, reasoning tokens included. */
        public Builder outputTokens(long tokens) {
            this.outputTokens = notNegative(tokens, "outputTokens");
            return this;
        }

        /** The part of the input tokens served from the vendor's prompt cache. */
        public Builder cachedInputTokens(long tokens) {
            this.cachedInputTokens = notNegative(tokens, "cachedInputTokens");
            return this;
        }

        /** The part of the output tokens spent reasoning. */
        public Builder reasoningTokens(long tokens) {
            this.reasoningTokens = notNegative(tokens, "reasoningTokens");
            return this;
        }

        public Usage build() {
            return new Usage(inputTokens, outputTokens, cachedInputTokens, reasoningTokens);
        }

        private static long notNegative(long tokens, String name) {
            if (tokens < 0) {
                throw new IllegalArgumentException(name + " must not be negative, got " + tokens);
            }
            return tokens;
        }
    }
}
