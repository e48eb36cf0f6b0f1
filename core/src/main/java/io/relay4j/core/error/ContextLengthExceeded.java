package io.relay4j.core.error;

/** The request does not fit this provider's context window or size limit; another provider may take it, so it falls over but is never resent to the same provider. */
public final class ContextLengthExceeded extends LlmException {

    private static final long serialVersionUID = 1L;

    public ContextLengthExceeded(String message, ErrorDetails details) {
        this(message, details, null);
    }

    public ContextLengthExceeded(String message, ErrorDetails details, Throwable cause) {
        super(message, details, cause);
    }

    @Override
    public ErrorType type() {
        return ErrorType.CONTEXT_LENGTH_EXCEEDED;
    }
}
