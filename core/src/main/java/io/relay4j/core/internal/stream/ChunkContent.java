package io.relay4j.core.internal.stream;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.Message;

/**
 * What a chunk means to a stream's deadlines and commit point, in one place so the gate, the attempt timeouts and
 * the router count it alike:
 * <ul>
 *   <li>answer content ({@link #commits}): text, a complete tool call or a tool-call argument fragment; it passes
 *       the commit point like text, since once the consumer has it another provider can no longer answer
 *       invisibly;</li>
 *   <li>progress ({@link #isProgress}): answer content, a reasoning delta, or the end. A reasoning model that
 *       thinks before it answers is not stalled, so reasoning satisfies the first-token and idle deadlines; but it
 *       never commits: it is held with the chunks before the commit point, and dropped with them when the
 *       attempt fails there, so a consumer never sees two providers' reasoning.</li>
 * </ul>
 */
public final class ChunkContent {

    private ChunkContent() {
    }

    /** True when the chunk carries answer content: text, a complete tool call or an argument fragment. */
    public static boolean commits(LlmChunk chunk) {
        return !chunk.text().isEmpty() || chunk.toolCall().isPresent() || chunk.toolCallDelta().isPresent();
    }

    /** True when the chunk shows the provider is working: answer content, reasoning, or the end. */
    public static boolean isProgress(LlmChunk chunk) {
        return commits(chunk) || !chunk.reasoning().isEmpty() || chunk.isLast();
    }

    /** True when the chunk carries a tool call, complete or a fragment of one. */
    public static boolean carriesToolCall(LlmChunk chunk) {
        return chunk.toolCall().isPresent() || chunk.toolCallDelta().isPresent();
    }

    /**
     * The chunk's answer content in characters, for the commit point's hold-back: text, a complete call's
     * arguments, a fragment's characters.
     */
    public static long committedChars(LlmChunk chunk) {
        long n = chunk.text().length();
        if (chunk.toolCall().isPresent()) {
            n += chunk.toolCall().get().argumentsJson().length();
        }
        if (chunk.toolCallDelta().isPresent()) {
            n += chunk.toolCallDelta().get().argumentsFragment().length();
        }
        return n;
    }

    /**
     * The characters of output the chunk shows the model produced, for estimating what the vendor bills when it
     * reports nothing: text, reasoning and complete tool calls (fragments are counted in their complete call).
     */
    public static int outputChars(LlmChunk chunk) {
        int n = chunk.text().length() + chunk.reasoning().length();
        if (chunk.toolCall().isPresent()) {
            n += chunk.toolCall().get().name().length() + chunk.toolCall().get().argumentsJson().length();
        }
        return n;
    }

    /**
     * True when a provider's last chunk finishes an answer with nothing in it so far: no content in the chunk,
     * and no text or tool call in the message it carries (if any).
     */
    public static boolean lastIsBare(LlmChunk last) {
        if (commits(last)) {
            return false;
        }
        if (last.message().isEmpty()) {
            return true;
        }
        Message message = last.message().get();
        return message.content().isEmpty() && message.toolCalls().isEmpty();
    }
}
