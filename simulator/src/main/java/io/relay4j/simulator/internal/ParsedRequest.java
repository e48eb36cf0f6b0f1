package io.relay4j.simulator.internal;

import java.util.OptionalInt;

/**
 * The parts of a request body the simulator acts on.
 *
 * @param model        the model asked for (from the body, or from the path for Gemini)
 * @param stream       whether the client asked for a stream
 * @param includeUsage whether an OpenAI stream must end with a usage chunk
 * @param maxTokens    the request's cap on output tokens, if any
 * @param inputTokens  estimated from the request's text
 * @param conversation what the request asks of the answer's content (tools, results, schema, reasoning)
 */
record ParsedRequest(String model, boolean stream, boolean includeUsage, OptionalInt maxTokens, int inputTokens,
                     Conversation conversation) {
}
