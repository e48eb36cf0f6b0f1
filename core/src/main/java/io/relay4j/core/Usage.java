package io.relay4j.core;

/**
 * Tokens an answer consumed, as the vendor reported them.
 *
 * @param inputTokens       prompt tokens, cached ones included
 * @param outputTokens      generated tokens, reasoning tokens included
 * @param cachedInputTokens the part of {@code inputTokens} served from the vendor's prompt cache
 */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens) {

    /** No tokens reported. */
    public static final Usage NONE = new Usage(0, 0, 0);

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative");
        }
    }

    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, 0);
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cachedInputTokens + other.cachedInputTokens);
    }
}
