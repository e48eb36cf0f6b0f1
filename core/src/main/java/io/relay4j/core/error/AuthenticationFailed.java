package io.relay4j.core.error;

/** The provider rejected the credentials (HTTP 401, or a vendor's invalid-key error). */
public final class AuthenticationFailed extends LlmException {

    private static final long serialVersionUID = 1L;

    public AuthenticationFailed(String message, ErrorDetails details) {
        this(message, details, null);
    }

    public AuthenticationFailed(String message, ErrorDetails details, Throwable cause) {
        super(message, details, cause);
    }

    @Override
    public ErrorType type() {
        return ErrorType.AUTHENTICATION_FAILED;
    }
}
