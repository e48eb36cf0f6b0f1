package io.relay4j.core.error;

import java.util.Objects;

/**
 * A stream failed after its commit point, when text had already reached the consumer. It carries
 * that partial text, so the consumer never mistakes a truncated answer for a whole one; the
 * underlying failure is the {@linkplain #getCause() cause}.
 */
public final class StreamInterrupted extends LlmException {

    private static final long serialVersionUID = 1L;

    private final String partialText;

    public StreamInterrupted(String message, ErrorDetails details, String partialText, Throwable cause) {
        super(message, details, cause);
        this.partialText = Objects.requireNonNull(partialText, "partialText must not be null");
    }

    /** The text the consumer already received before the failure. */
    public String partialText() {
        return partialText;
    }

    @Override
    public ErrorType type() {
        return ErrorType.STREAM_INTERRUPTED;
    }
}
