package io.relay4j.simulator.internal;

import java.util.List;
import java.util.Optional;

/**
 * One block of a simulated answer, in the order the vendor sends them (reasoning, text, tool calls). A block is
 * streamed as {@link #units()} deltas; each delta counts as one token for the behaviour's token delay and for the
 * position of a mid-stream fault, so a fault can land inside a tool call's arguments.
 */
sealed interface Block {

    /** How many deltas a stream sends for this block. */
    int units();

    /** A fresh source of this block's deltas, in order. */
    Deltas deltas();

    /** Reads a block's deltas one after the other. Not thread-safe: one per stream. */
    interface Deltas {
        /** The next delta; {@code last} is true for the block's final one. */
        String next(boolean last);
    }

    /**
     * Reasoning text (Anthropic thinking, Gemini thought summary).
     *
     * @param words     the deltas
     * @param signature the vendor's opaque state for it (Anthropic's thinking signature), if any
     */
    record Reasoning(List<String> words, Optional<String> signature) implements Block {
        @Override
        public int units() {
            return words.size();
        }

        @Override
        public Deltas deltas() {
            return fixed(words);
        }

        String text() {
            return String.join("", words);
        }
    }

    /**
     * Answer text: a fixed {@code prefix} (JSON fragments of a structured answer, the sentence of a final answer
     * after tool results) followed by {@code loremWords} words of {@link LoremText} from {@code loremSeed}.
     *
     * @param signature Gemini's thought signature on the text part, if any
     */
    record Text(List<String> prefix, long loremSeed, int loremWords, Optional<String> signature) implements Block {

        static Text lorem(long seed, int words) {
            return new Text(List.of(), seed, words, Optional.empty());
        }

        @Override
        public int units() {
            return prefix.size() + loremWords;
        }

        @Override
        public Deltas deltas() {
            Deltas fixed = fixed(prefix);
            LoremText lorem = new LoremText(loremSeed);
            int[] sent = {0};
            return last -> sent[0]++ < prefix.size() ? fixed.next(last) : lorem.nextDelta(last);
        }

        String text() {
            return String.join("", prefix) + (loremWords == 0 ? "" : LoremText.text(loremSeed, loremWords));
        }
    }

    /**
     * A tool call.
     *
     * @param id        the vendor's call id; empty for a Gemini model that sends none
     * @param name      the tool
     * @param arguments the arguments as compact JSON object text
     * @param fragments {@code arguments} cut into the pieces a stream sends (one piece where calls come whole)
     * @param signature Gemini's thought signature on the call's part, if any
     */
    record ToolUse(String id, String name, String arguments, List<String> fragments, Optional<String> signature)
            implements Block {
        @Override
        public int units() {
            return fragments.size();
        }

        @Override
        public Deltas deltas() {
            return fixed(fragments);
        }
    }

    private static Deltas fixed(List<String> pieces) {
        int[] next = {0};
        return last -> pieces.get(next[0]++);
    }
}
