package io.relay4j.core.error;

/** The provider rejected the request as invalid (other 4xx): the same request would fail everywhere, so it fails fast by default. */
public final class InvalidRequest extends LlmException {

    private static final long serialVersionUID = 1L;

    public InvalidRequest(String message, ErrorDetails details) {
        this(message, details, null);
    }

    public InvalidRequest(String message, ErrorDetails details, Throwable cause) {
        super(message, details, cause);
    }

    @Override
    public ErrorType type() {
        return ErrorType.INVALID_REQUEST;
    }
}
