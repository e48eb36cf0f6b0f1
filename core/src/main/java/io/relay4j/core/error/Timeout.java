package io.relay4j.core.error;

import java.util.Objects;

/** The provider did not answer in time. A silent provider is left at once, never retried in place. */
public final class Timeout extends LlmException {

    private static final long serialVersionUID = 1L;

    /** Which deadline passed. */
    public enum Kind {
        /** The TCP/TLS connection was not established in time (the provider's transport deadline). */
        CONNECT,
        /** The response status and headers did not arrive in time (the provider's transport deadline). */
        RESPONSE_HEADERS,
        /** A stream produced no first text, or a whole answer no answer, within the first-token deadline. */
        FIRST_TOKEN,
        /** A stream went silent between two chunks for too long while its consumer was waiting for more. */
        IDLE,
        /** One provider call as a whole (a whole stream included) took longer than the attempt deadline. */
        ATTEMPT,
        /** The request as a whole, over all attempts, retries and waits, took longer than the request deadline. */
        REQUEST
    }

    private final Kind kind;

    public Timeout(String message, ErrorDetails details, Kind kind) {
        this(message, details, kind, null);
    }

    public Timeout(String message, ErrorDetails details, Kind kind, Throwable cause) {
        super(message, details, cause);
        this.kind = Objects.requireNonNull(kind, "kind must not be null");
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public ErrorType type() {
        return ErrorType.TIMEOUT;
    }
}
