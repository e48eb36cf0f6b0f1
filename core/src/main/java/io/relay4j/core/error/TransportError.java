package io.relay4j.core.error;

/**
 * The connection failed: refused, reset, DNS or TLS failure.
 *
 * <p>{@link #beforeResponse()} tells whether it failed before any byte of the response arrived;
 * only then is an in-place retry considered safe from double work on the vendor's side.
 */
public final class TransportError extends LlmException {

    private static final long serialVersionUID = 1L;

    private final boolean beforeResponse;

    public TransportError(String message, ErrorDetails details, boolean beforeResponse, Throwable cause) {
        super(message, details, cause);
        this.beforeResponse = beforeResponse;
    }

    /** True when no response byte had arrived when the connection failed. */
    public boolean beforeResponse() {
        return beforeResponse;
    }

    @Override
    public ErrorType type() {
        return ErrorType.TRANSPORT_ERROR;
    }
}
