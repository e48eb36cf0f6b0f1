package io.relay4j.simulator.internal;

import java.util.List;
import java.util.Optional;

/**
 * What a simulated answer says, block by block, and the reasoning tokens its usage reports (also when the vendor
 * shows no reasoning, as OpenAI Chat Completions does).
 *
 * @param blocks          the blocks in the vendor's order; an empty answer has one empty text block
 * @param reasoningTokens reasoning tokens counted in the usage
 */
record AnswerContent(List<Block> blocks, int reasoningTokens) {

    AnswerContent {
        blocks = List.copyOf(blocks);
    }

    /** Plain lorem text, as every answer was before tools: one text block of {@code words} words. */
    static AnswerContent lorem(long seed, int words) {
        return new AnswerContent(List.of(Block.Text.lorem(seed, words)), 0);
    }

    /** All deltas of all blocks. */
    int units() {
        int units = 0;
        for (Block block : blocks) {
            units += block.units();
        }
        return units;
    }

    /** Whether the answer asks for tool calls (the vendor's tool finish reason). */
    boolean hasToolCalls() {
        return blocks.stream().anyMatch(Block.ToolUse.class::isInstance);
    }

    /** The text blocks' text joined. */
    String text() {
        StringBuilder text = new StringBuilder();
        for (Block block : blocks) {
            if (block instanceof Block.Text t) {
                text.append(t.text());
            }
        }
        return text.toString();
    }

    /** The reasoning block, if the vendor shows one. */
    Optional<Block.Reasoning> reasoning() {
        return blocks.stream().filter(Block.Reasoning.class::isInstance).map(Block.Reasoning.class::cast).findFirst();
    }

    /** The tool calls in order. */
    List<Block.ToolUse> toolCalls() {
        return blocks.stream().filter(Block.ToolUse.class::isInstance).map(Block.ToolUse.class::cast).toList();
    }

    /** The position of {@code call} among the tool calls (OpenAI's {@code index}). */
    int toolIndex(Block call) {
        int index = 0;
        for (Block block : blocks) {
            if (block == call) {
                return index;
            }
            if (block instanceof Block.ToolUse) {
                index++;
            }
        }
        throw new IllegalArgumentException("not a block of this answer");
    }
}
