package io.relay4j.core.internal.stream;

import io.relay4j.core.ContentPart;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.Role;
import io.relay4j.core.TextPart;
import io.relay4j.core.internal.TokenEstimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Builds the request that continues an interrupted answer on another provider. Every setting of the
 * original request (model, temperature, stop sequences, format, metadata) is kept, except {@code maxTokens}:
 * a continuation asks for at most what is left of it once the partial answer's (estimated) tokens are taken
 * off ({@link #remainingMaxTokens}), at least one, so a resumed answer's output stays within the caller's
 * bound instead of reaching about {@code maxTokens} per provider tried. The router checks a continuation's
 * size ({@link #promptChars} plus what is left) against the target's context window before calling it.
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
                messages.set(messages.size() - 1, continued(last, partialText));
            } else {
                messages.add(Message.assistant(partialText));
            }
        } else {
            messages.add(Message.user(INSTRUCTION_HEAD + partialText + INSTRUCTION_TAIL));
        }
        LlmRequest.Builder continuation = original.toBuilder().clearMessages().messages(messages);
        remainingMaxTokens(original, partialText.length()).ifPresent(continuation::maxTokens);
        return continuation.build();
    }

    /** The caller's own assistant prefill continued by the partial answer, its other parts (reasoning) kept. */
    private static Message continued(Message prefill, String partialText) {
        if (prefill.isTextOnly()) {
            return Message.assistant(prefill.content() + partialText);
        }
        List<ContentPart> parts = new ArrayList<>(prefill.parts());
        parts.add(TextPart.of(partialText));
        return Message.assistant(parts);
    }

    /**
     * The original {@code maxTokens} less the partial answer's estimated tokens, at least 1; empty when the
     * original request set none.
     */
    public static OptionalInt remainingMaxTokens(LlmRequest original, long partialChars) {
        if (original.maxTokens().isEmpty()) {
            return OptionalInt.empty();
        }
        long left = original.maxTokens().getAsInt() - TokenEstimate.outputTokens(partialChars);
        return OptionalInt.of((int) Math.max(1, left));
    }

    /** The characters of the prompt {@link #build} makes for a partial answer of {@code partialChars}. */
    public static long promptChars(LlmRequest original, long partialChars, boolean targetAcceptsPrefill) {
        return original.totalChars() + partialChars
                + (targetAcceptsPrefill ? 0 : INSTRUCTION_HEAD.length() + INSTRUCTION_TAIL.length());
    }
}
