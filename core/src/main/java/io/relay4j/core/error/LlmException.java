package io.relay4j.core.error;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The root of relay4j's error taxonomy. Every failure a provider or the router reports is one of
 * its subtypes, classified once where it happens; every policy reads the same answer.
 *
 * <p>Messages never contain an API key or prompt text.
 */
public abstract sealed class LlmException extends RuntimeException
        permits RateLimited, PolicyViolation, AuthenticationFailed, ModelNotFound, Overloaded, ServerError,
        Timeout, ContextLengthExceeded, ContentFiltered, InvalidRequest, TransportError, MalformedResponse,
        InvalidOutput, StreamInterrupted, AllProvidersFailed {

    private static final long serialVersionUID = 1L;

    private final transient ErrorDetails details;

    protected LlmException(String message, ErrorDetails details, Throwable cause) {
        super(compose(message, details), cause);
        this.details = Objects.requireNonNull(details, "details must not be null");
    }

    private static String compose(String message, ErrorDetails details) {
        String extra = details.describe();
        return "[" + details.provider() + "] " + message + (extra.isEmpty() ? "" : " (" + extra + ")");
    }

    /** Which kind of failure this is. */
    public abstract ErrorType type();

    public ErrorDetails details() {
        return details;
    }

    /** The provider that failed, as named on the router. */
    public String provider() {
        return details.provider();
    }

    public OptionalInt httpStatus() {
        return details.httpStatus();
    }

    public Optional<String> requestId() {
        return details.requestId();
    }

    public Optional<Duration> retryAfter() {
        return details.retryAfter();
    }
}
