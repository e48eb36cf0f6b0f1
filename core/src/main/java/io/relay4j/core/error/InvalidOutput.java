package io.relay4j.core.error;

/** The answer failed the caller's output validator. */
public final class InvalidOutput extends LlmException {

    private static final long serialVersionUID = 1L;

    public InvalidOutput(String message, ErrorDetails details) {
        this(message, details, null);
    }

    public InvalidOutput(String message, ErrorDetails details, Throwable cause) {
        super(message, details, cause);
    }

    @Override
    public ErrorType type() {
        return ErrorType.INVALID_OUTPUT;
    }
}
