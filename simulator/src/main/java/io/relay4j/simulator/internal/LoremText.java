package io.relay4j.simulator.internal;

import java.util.SplittableRandom;

/**
 * Deterministic lorem-like text, one word per token. The same seed gives the same words, whether they are
 * produced at once for a full answer or one by one for a stream. Not thread-safe: one instance per answer.
 */
final class LoremText {

    private static final String[] WORDS = {
        "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do", "eiusmod",
        "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua", "enim", "ad", "minim", "veniam",
        "quis", "nostrud", "exercitation", "ullamco", "laboris", "nisi", "aliquip", "ex", "ea", "commodo",
        "consequat", "duis", "aute", "irure", "in", "reprehenderit", "voluptate", "velit", "esse", "cillum",
        "fugiat", "nulla", "pariatur", "excepteur", "sint", "occaecat", "cupidatat", "non", "proident", "sunt",
        "culpa", "qui", "officia", "deserunt", "mollit", "anim", "id", "est", "laborum"
    };

    private final SplittableRandom random;
    private int produced;
    private int untilSentenceEnd;

    LoremText(long seed) {
        this.random = new SplittableRandom(seed);
        this.untilSentenceEnd = sentenceLength();
    }

    /** The whole text of {@code words} words. */
    public static String text(long seed, int words) {
        LoremText lorem = new LoremText(seed);
        StringBuilder text = new StringBuilder(words * 8);
        for (int i = 0; i < words; i++) {
            text.append(lorem.nextDelta(i == words - 1));
        }
        return text.toString();
    }

    /** The next word with its leading space; a sentence starts capitalised and ends with a full stop. */
    public String nextDelta(boolean lastWord) {
        String word = WORDS[random.nextInt(WORDS.length)];
        boolean sentenceStart = produced == 0 || untilSentenceEnd == 0;
        if (untilSentenceEnd == 0) {
            untilSentenceEnd = sentenceLength();
        }
        StringBuilder delta = new StringBuilder(word.length() + 2);
        if (produced > 0) {
            delta.append(' ');
        }
        if (sentenceStart) {
            delta.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
        } else {
            delta.append(word);
        }
        untilSentenceEnd--;
        if (untilSentenceEnd == 0 || lastWord) {
            delta.append('.');
        }
        produced++;
        return delta.toString();
    }

    private int sentenceLength() {
        return 6 + random.nextInt(10);
    }
}
