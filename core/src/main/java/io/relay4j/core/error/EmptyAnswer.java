package io.relay4j.core.error;

import io.relay4j.core.FinishReason;
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
 * spent its whole output budget on hidden reasoning); one that stopped for the content filter is a refusal,
 * not an empty answer; one that stopped for a tool call is not empty. The attempt keeps the {@link #usage()}
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
     * True when an answer of {@code text} that finished for {@code reason} is empty: no text, and a finish
     * reason that signals neither a refusal ({@link FinishReason#CONTENT_FILTER}) nor a tool call.
     */
    public static boolean isEmpty(String text, FinishReason reason) {
        return text.isEmpty() && reason != FinishReason.CONTENT_FILTER && reason != FinishReason.TOOL_CALLS;
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
