package io.relay4j.simulator.internal;

/**
 * One answer the simulator produces: identifiers, usage, and the seed of its text.
 *
 * @param id             the vendor-style response id
 * @param model          the model echoed back
 * @param createdEpochSeconds creation time
 * @param inputTokens    estimated prompt tokens
 * @param outputTokens   words in the full answer
 * @param cutByMaxTokens true when the request's max tokens shortened the answer (finish reason "length")
 * @param includeUsage   whether an OpenAI stream ends with a usage chunk
 * @param textSeed       seed of {@link LoremText}
 */
record Answer(String id, String model, long createdEpochSeconds, int inputTokens, int outputTokens,
                     boolean cutByMaxTokens, boolean includeUsage, long textSeed) {

    /** This answer without a single token, as {@link io.relay4j.simulator.Fault#EMPTY_ANSWER} sends it. */
    Answer empty() {
        return new Answer(id, model, createdEpochSeconds, inputTokens, 0, false, includeUsage, textSeed);
    }

    /** The full text, as a non-streaming body carries it. */
    public String fullText() {
        return LoremText.text(textSeed, outputTokens);
    }
}
