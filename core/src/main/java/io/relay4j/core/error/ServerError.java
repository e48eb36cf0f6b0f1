package io.relay4j.core.error;

/** The provider failed on its side (HTTP 500, 502, 504 and other 5xx). */
public final class ServerError extends LlmException {

    private static final long serialVersionUID = 1L;

    public ServerError(String message, ErrorDetails details) {
        this(message, details, null);
    }

    public ServerError(String message, ErrorDetails details, Throwable cause) {
        super(message, details, cause);
    }

    @Override
    public ErrorType type() {
        return ErrorType.SERVER_ERROR;
    }
}
