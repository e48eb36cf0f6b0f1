package io.relay4j.core.internal.stream;

import io.relay4j.core.ContentPart;
import io.relay4j.core.Message;
import io.relay4j.core.TextPart;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer's message on a resumed stream's last chunk. The continuing provider's message holds only its own
 * text, and may repeat the start of the partial answer (which {@link OverlapTrimmer} kept from the consumer);
 * the consumer received the partial answer and then the continuation's new text. The message the router
 * returns holds exactly that whole text, so folding the stream gives what the consumer saw. The continuation's
 * other parts (reasoning, tool calls) stay in place; its text parts become one, without vendor state (the
 * vendor signed its own text, not the joined one).
 */
public final class ResumedMessage {

    private ResumedMessage() {
    }

    /**
     * @param continuation the continuing provider's message
     * @param partial      the text the consumer had before the continuation
     * @param newChars     how many characters of the continuation reached the consumer: the end of its text
     */
    public static Message of(Message continuation, String partial, long newChars) {
        String own = continuation.content();
        String added = newChars <= own.length() ? own.substring(own.length() - (int) newChars) : own;
        TextPart whole = TextPart.of(partial + added);
        List<ContentPart> parts = new ArrayList<>(continuation.parts().size() + 1);
        boolean placed = false;
        for (ContentPart part : continuation.parts()) {
            if (part instanceof TextPart) {
                if (!placed) {
                    parts.add(whole);
                    placed = true;
                }
            } else {
                if (!placed && part.kind() == ContentPart.Kind.TOOL_CALL) {
                    // text goes before the calls, as every vendor orders an answer
                    parts.add(whole);
                    placed = true;
                }
                parts.add(part);
            }
        }
        if (!placed) {
            parts.add(whole);
        }
        return Message.assistant(parts);
    }
}
