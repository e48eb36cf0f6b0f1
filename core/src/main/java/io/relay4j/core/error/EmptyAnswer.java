package io.relay4j.core.error;

import io.relay4j.core.FinishReason;
import io.relay4j.core.Message;
import io.relay4j.core.Usage;
import java.util.Objects;

/**
 * The provider replied successfully (HTTP 200, or a stream that reached its last chunk) with no text, no tool
 * call and no refusal signal: nothing the caller could use. An OpenAI-compatible gateway in front of another
 * vendor was seen turning a refusal into exactly this ({@code content: ""}, {@code finish_reason: "stop"},
 * zero completion tokens). Never handed to the caller as an answer: by default it falls over to the next
 * provider with a short backoff cooldown (see {@link io.relay4j.core.router.ErrorPolicy#defaultFor}).
 *
 * <p>An answer that stopped for length ({@link FinishReason#LENGTH}) with no text is empty too (a model that
 * spent its whole output budget on hidden reasoning, returned or not); one that stopped for the content filter is
 * a refusal, not an empty answer; one that calls a tool is not empty, and one that says it stopped for tool calls
 * ({@link FinishReason#TOOL_CALLS}) but holds none and no text is. The attempt keeps the {@link #usage()}
 * the vendor reported, since the vendor bills it.
 */
public final class EmptyAnswer extends LlmException {

    private static final long serialVersionUID = 1L;

    private final FinishReason finishReason;
    private final transient Usage usage;

    private EmptyAnswer(String message, ErrorDetails details, FinishReason finishReason, Usage usage) {
        super(message, details, null);
        this.finishReason = finishReason;
        this.usage = usage;
    }

    /** An empty answer the provider finished for {@code finishReason}, reporting {@code usage}. */
    public static EmptyAnswer of(ErrorDetails details, FinishReason finishReason, Usage usage) {
        Objects.requireNonNull(details, "details must not be null");
        Objects.requireNonNull(finishReason, "finishReason must not be null");
        Objects.requireNonNull(usage, "usage must not be null");
        return new EmptyAnswer("the provider answered with no content (finish reason "
                + finishReason.name().toLowerCase(java.util.Locale.ROOT) + ", " + usage.outputTokens()
                + " output tokens)", details, finishReason, usage);
    }

    /**
     * True when an answer of {@code text} alone (no tool call) that finished for {@code reason} is empty: no text,
     * and not a refusal ({@link FinishReason#CONTENT_FILTER}). A {@link FinishReason#TOOL_CALLS} finish with no
     * text is empty too when the answer holds no call: {@link #isEmpty(Message, FinishReason)} judges an answer
     * that may hold calls.
     */
    public static boolean isEmpty(String text, FinishReason reason) {
        return text.isEmpty() && reason != FinishReason.CONTENT_FILTER;
    }

    /**
     * True when the answer {@code message} that finished for {@code reason} is empty: no text, no tool call, and
     * not a refusal. An answer that calls a tool is never empty, whatever its finish reason; reasoning alone is
     * no answer.
     */
    public static boolean isEmpty(Message message, FinishReason reason) {
        return message.toolCalls().isEmpty() && isEmpty(message.content(), reason);
    }

    /** Why the vendor said it stopped. */
    public FinishReason finishReason() {
        return finishReason;
    }

    /** The tokens the vendor reported for the empty answer (it bills them). */
    public Usage usage() {
        return usage == null ? Usage.NONE : usage;
    }

    @Override
    public ErrorType type() {
        return ErrorType.EMPTY_ANSWER;
    }
}
