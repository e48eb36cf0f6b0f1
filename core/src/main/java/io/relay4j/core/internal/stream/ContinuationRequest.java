package io.relay4j.core.internal.stream;

import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the request that continues an interrupted answer on another provider. Every setting of the
 * original request (model, max tokens, temperature, stop sequences, format, metadata) is kept.
 *
 * <ul>
 *   <li>With assistant prefill: the original messages, then the partial answer as an assistant message,
 *       which the model continues. If the original request already ended with an assistant message
 *       (the caller's own prefill), the partial answer is appended to it instead, since the partial
 *       answer continued that message.</li>
 *   <li>Without prefill: the original messages, then a user message that quotes the partial answer between
 *       markers and asks the model to continue it exactly from where it stops, without repeating it
 *       and without any preface ({@link #INSTRUCTION_HEAD} + partial + {@link #INSTRUCTION_TAIL}).
 *       Models do not always obey: the router trims a repeated opening with {@link OverlapTrimmer}.</li>
 * </ul>
 */
public final class ContinuationRequest {

    /** Opens the instruction for providers without prefill; the partial answer follows it. */
    public static final String INSTRUCTION_HEAD = "Your previous answer was cut off. This is the part you already "
            + "wrote, between the lines <<<PARTIAL ANSWER and PARTIAL ANSWER>>>:\n<<<PARTIAL ANSWER\n";

    /** Closes the instruction for providers without prefill. */
    public static final String INSTRUCTION_TAIL = "\nPARTIAL ANSWER>>>\nContinue the answer exactly from where it "
            + "stops, even in the middle of a word or sentence. Reply with the continuation only: do not repeat any "
            + "of the text above, add no preface or explanation, and keep its language, format and style.";

    private ContinuationRequest() {
    }

    /** The request that asks the target provider for the rest of {@code partialText}. */
    public static LlmRequest build(LlmRequest original, String partialText, boolean targetAcceptsPrefill) {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(partialText, "partialText");
        List<Message> messages = new ArrayList<>(original.messages());
        if (targetAcceptsPrefill) {
            Message last = original.lastMessage();
            if (last.role() == Role.ASSISTANT) {
                messages.set(messages.size() - 1, Message.assistant(last.content() + partialText));
            } else {
                messages.add(Message.assistant(partialText));
            }
        } else {
            messages.add(Message.user(INSTRUCTION_HEAD + partialText + INSTRUCTION_TAIL));
        }
        return new LlmRequest(messages, original.model(), original.maxTokens(), original.temperature(),
                original.stopSequences(), original.responseFormat(), original.metadata());
    }
}
