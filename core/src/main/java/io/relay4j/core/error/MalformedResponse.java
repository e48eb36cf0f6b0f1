package io.relay4j.core.error;

/** The provider's answer could not be understood: unparseable JSON, an HTML page where JSON was due, a stream cut before its end. */
public final class MalformedResponse extends LlmException {

    private static final long serialVersionUID = 1L;

    public MalformedResponse(String message, ErrorDetails details) {
        this(message, details, null);
    }

    public MalformedResponse(String message, ErrorDetails details, Throwable cause) {
        super(message, details, cause);
    }

    @Override
    public ErrorType type() {
        return ErrorType.MALFORMED_RESPONSE;
    }
}
