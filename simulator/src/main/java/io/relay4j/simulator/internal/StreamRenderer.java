package io.relay4j.simulator.internal;

/**
 * Renders the events of one streamed answer in a vendor's framing. Each method returns complete events,
 * blank-line terminators included; an empty string means the vendor sends nothing at that point.
 */
interface StreamRenderer {

    /** Events before the first token (OpenAI role chunk; Anthropic message_start, content_block_start, ping). */
    String opening();

    /**
     * The event carrying token {@code index}; {@code last} is true only for the final token of a complete answer,
     * which Gemini marks with its finish reason and final usage.
     */
    String token(int index, String delta, boolean last);

    /** Events after the last token (finish reason, usage, end marker). */
    String closing();

    /** The vendor's error event inside a 200 stream. */
    String inStreamError();

    /** An event whose JSON is cut off. */
    String brokenEvent();

    /**
     * Events after {@code tokensSent} tokens that refuse the answer in the vendor's shape, through the end of the
     * stream; {@code prompt} when the prompt itself was refused and no token was sent.
     */
    String refusal(int tokensSent, boolean prompt);

    /** {@link #closing()} without the end marker: the finish sign and usage, then nothing. */
    String closingWithoutEndMarker();
}
