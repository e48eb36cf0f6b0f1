package io.relay4j.core;

/** Why the model stopped producing output, normalised across vendors. */
public enum FinishReason {
    /** The model ended its answer, or hit one of the request's stop sequences. */
    STOP,
    /** The answer reached the request's maximum output tokens. */
    LENGTH,
    /** The model asked for a tool call. */
    TOOL_CALLS,
    /**
     * A content filter, or the model itself, refused or cut the answer. relay4j's vendor providers never
     * return an answer with this reason: they raise {@link io.relay4j.core.error.ContentFiltered} instead, so
     * a refusal reaches the caller as a typed error (which fails fast by default), never as a normal answer.
     * It remains for {@link LlmProvider} implementations that pass a filtered answer on as such.
     */
    CONTENT_FILTER,
    /** Any other vendor-specific reason (for example Anthropic's {@code pause_turn}). */
    OTHER
}
