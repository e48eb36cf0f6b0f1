package io.relay4j.core.error;

/** The provider does not serve the configured model (HTTP 404): a configuration problem of that provider, not of the request. */
public final class ModelNotFound extends LlmException {

    private static final long serialVersionUID = 1L;

    public ModelNotFound(String message, ErrorDetails details) {
        this(message, details, null);
    }

    public ModelNotFound(String message, ErrorDetails details, Throwable cause) {
        super(message, details, cause);
    }

    @Override
    public ErrorType type() {
        return ErrorType.MODEL_NOT_FOUND;
    }
}
