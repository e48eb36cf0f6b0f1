package io.relay4j.simulator.internal;

/**
 * One answer the simulator produces: identifiers, usage, and its content.
 *
 * @param id             the vendor-style response id
 * @param model          the model echoed back
 * @param createdEpochSeconds creation time
 * @param inputTokens    estimated prompt tokens
 * @param outputTokens   output tokens in the usage: the content's deltas plus its reasoning tokens
 * @param cutByMaxTokens true when the request's max tokens shortened the answer (finish reason "length")
 * @param includeUsage   whether an OpenAI stream ends with a usage chunk
 * @param textSeed       seed of {@link LoremText}, also of the partial text of a refusal
 * @param content        the blocks: lorem text, or reasoning, text and tool calls
 */
record Answer(String id, String model, long createdEpochSeconds, int inputTokens, int outputTokens,
                     boolean cutByMaxTokens, boolean includeUsage, long textSeed, AnswerContent content) {

    /** This answer without a single token, as {@link io.relay4j.simulator.Fault#EMPTY_ANSWER} sends it. */
    Answer empty() {
        return new Answer(id, model, createdEpochSeconds, inputTokens, 0, false, includeUsage, textSeed,
                AnswerContent.lorem(textSeed, 0));
    }

    /** The full text, as a non-streaming body carries it. */
    public String fullText() {
        return content.text();
    }

    /** Reasoning tokens inside {@link #outputTokens()}. */
    int reasoningTokens() {
        return content.reasoningTokens();
    }

    /** Deltas a stream sends. */
    int units() {
        return content.units();
    }
}
