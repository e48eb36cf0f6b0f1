package io.relay4j.core.error;

/** The provider is overloaded (HTTP 503, Anthropic's 529, or an in-stream overload error). */
public final class Overloaded extends LlmException {

    private static final long serialVersionUID = 1L;

    public Overloaded(String message, ErrorDetails details) {
        this(message, details, null);
    }

    public Overloaded(String message, ErrorDetails details, Throwable cause) {
        super(message, details, cause);
    }

    @Override
    public ErrorType type() {
        return ErrorType.OVERLOADED;
    }
}
