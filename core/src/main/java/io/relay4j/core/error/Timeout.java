package io.relay4j.core.error;

import java.util.Objects;

/** The provider did not answer in time. A silent provider is left at once, never retried in place. */
public final class Timeout extends LlmException {

    private static final long serialVersionUID = 1L;

    /** Which deadline passed. */
    public enum Kind {
        /** The TCP/TLS connection was not established in time. */
        CONNECT,
        /** The response status and headers did not arrive in time. */
        RESPONSE_HEADERS,
        /** A stream produced no first token in time. */
        FIRST_TOKEN,
        /** A stream went silent between two chunks for too long. */
        IDLE,
        /** The attempt as a whole took too long. */
        TOTAL,
        /** The request as a whole, over all attempts, took too long. */
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
