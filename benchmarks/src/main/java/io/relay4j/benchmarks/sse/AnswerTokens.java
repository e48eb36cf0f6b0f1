package io.relay4j.benchmarks.sse;

import java.util.Random;

/**
 * Answer fragments as tokenizers cut them (leading spaces, punctuation, escaped line breaks, some non-ASCII
 * text), drawn from a seeded {@link Random} so every run builds the same bytes. Already JSON-escaped.
 */
public final class AnswerTokens {

    private static final String[] TOKENS = {
        " the", " router", " fails", " over", " to", " the", " next", " provider", ",", " and", " a",
        " stream", " keeps", " its", " first", " token", ".", "\\n\\n", " Pod", " affinity", " places",
        " pods", " near", " each", " other", ";", " café", " —", " naïve", " 東京", " 42", "%", " (",
        "ok", ")", " because", " latency", " matters", ":", " non", "-blocking", " I", "/O",
    };

    private AnswerTokens() {
    }

    /** The next fragment. */
    public static String next(Random random) {
        return TOKENS[random.nextInt(TOKENS.length)];
    }

    /** {@code count} fragments joined: an answer's text, JSON-escaped. */
    public static String text(int count, long seed) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(count * 6);
        for (int i = 0; i < count; i++) {
            text.append(next(random));
        }
        return text.toString();
    }
}
