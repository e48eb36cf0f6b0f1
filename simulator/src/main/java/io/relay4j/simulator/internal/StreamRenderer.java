package io.relay4j.simulator.internal;

/**
 * Renders the events of one streamed answer in a vendor's framing. Each method returns complete events,
 * blank-line terminators included; an empty string means the vendor sends nothing at that point. The answer's
 * blocks ({@link AnswerContent#blocks()}) are opened, filled delta by delta and closed in order.
 */
interface StreamRenderer {

    /** Events before the first block (OpenAI role chunk; Anthropic message_start). */
    String opening();

    /** Events that open block {@code index} (Anthropic content_block_start, OpenAI a tool call's first delta). */
    String blockStart(int index, Block block);

    /**
     * The event carrying one delta of block {@code index}; {@code last} is true only for the final delta of a
     * complete answer, which Gemini marks with its finish reason and final usage.
     */
    String delta(int index, Block block, String delta, boolean last);

    /** Events that close block {@code index} (Anthropic signature_delta and content_block_stop). */
    String blockStop(int index, Block block);

    /** Events after the last block (finish reason, usage, end marker). */
    String closing();

    /** The vendor's error event inside a 200 stream. */
    String inStreamError();

    /** An event whose JSON is cut off. */
    String brokenEvent();

    /**
     * Events after {@code tokensSent} deltas (the open block already closed) that refuse the answer in the vendor's
     * shape, through the end of the stream; {@code prompt} when the prompt itself was refused and nothing was sent.
     */
    String refusal(int tokensSent, boolean prompt);

    /** {@link #closing()} without the end marker: the finish sign and usage, then nothing. */
    String closingWithoutEndMarker();
}
