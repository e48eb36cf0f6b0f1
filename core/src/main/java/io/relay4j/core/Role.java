package io.relay4j.core;

/** Who a {@link Message} is from. Each provider maps these to its own wire names. */
public enum Role {
    /** Instructions for the model; providers without a system role put it where their API expects it. */
    SYSTEM,
    /** The end user's turn. */
    USER,
    /** The model's turn; a last assistant message asks the model to continue it (prefill). */
    ASSISTANT,
    /**
     * The results of the tool calls of the assistant message before it ({@link ToolResult} parts only). Providers
     * regroup them into their vendor's shape (one message per result on OpenAI, a user message on Anthropic and
     * Gemini).
     */
    TOOL
}
