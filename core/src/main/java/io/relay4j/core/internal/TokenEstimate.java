package io.relay4j.core.internal;

import io.relay4j.core.LlmRequest;

/**
 * The router's one estimate of a text's size in tokens, where no vendor has counted them: a prompt before any
 * call (to skip a provider whose context window the request cannot fit, to rank providers by price, to reserve
 * a call's worst case on a budget), the text a stream already emitted (to bound a continuation), and the usage
 * of a call cancelled or broken before the vendor reported any (marked estimated on its attempt). Four
 * characters per token is the usual rule of thumb for English text across the vendors' tokenizers.
 */
public final class TokenEstimate {

    private static final int CHARS_PER_TOKEN = 4;

    private TokenEstimate() {
    }

    /** The prompt's estimated token count: every message's characters / 4. */
    public static long promptTokens(LlmRequest request) {
        return promptTokens(request.totalChars());
    }

    /** The estimated token count of a prompt of {@code chars} characters. */
    public static long promptTokens(long chars) {
        return chars / CHARS_PER_TOKEN;
    }

    /** The estimated token count of {@code chars} characters of generated text, rounded up (any text is a token). */
    public static long outputTokens(long chars) {
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }
}
