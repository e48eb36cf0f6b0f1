package io.relay4j.core.internal;

import io.relay4j.core.LlmRequest;

/**
 * The router's one estimate of a prompt's size in tokens, before any vendor has counted them: used to skip
 * a provider whose context window the request cannot fit and to rank providers by price. Four characters
 * per token is the usual rule of thumb for English text across the vendors' tokenizers; an estimate, never
 * billed.
 */
public final class TokenEstimate {

    private static final int CHARS_PER_TOKEN = 4;

    private TokenEstimate() {
    }

    /** The prompt's estimated token count: every message's characters / 4. */
    public static long promptTokens(LlmRequest request) {
        return request.totalChars() / CHARS_PER_TOKEN;
    }
}
