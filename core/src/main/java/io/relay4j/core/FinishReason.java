package io.relay4j.core;

/** Why the model stopped producing output, normalised across vendors. */
public enum FinishReason {
    /** The model ended its answer, or hit one of the request's stop sequences. */
    STOP,
    /** The answer reached the request's maximum output tokens. */
    LENGTH,
    /** The model asked for a tool call. */
    TOOL_CALLS,
    /** The vendor's content filter cut or withheld the answer. */
    CONTENT_FILTER,
    /** Any other vendor-specific reason (for example Gemini's RECITATION). */
    OTHER
}
