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
 *
 * <p>Errors classified from a provider's reply (they carry an {@linkplain #httpStatus() HTTP status} and no
 * cause) carry no stack trace: it would only show the classifier and Reactor's internals, and filling it in
 * was a measurable part of every failed call; the provider, the details and the message say where the error
 * came from. Errors that wrap a Java exception (transport errors, malformed bodies with a cause) and errors
 * with no status (timeouts, the router's own) keep their stack trace. Suppression stays enabled on all of
 * them ({@link AllProvidersFailed} and Reactor add suppressed exceptions).
 */
public abstract sealed class LlmException extends RuntimeException
        permits RateLimited, PolicyViolation, AuthenticationFailed, ModelNotFound, Overloaded, ServerError,
        Timeout, ContextLengthExceeded, ContentFiltered, InvalidRequest, TransportError, MalformedResponse,
        InvalidOutput, EmptyAnswer, StreamInterrupted, AllProvidersFailed {

    private static final long serialVersionUID = 1L;

    private final transient ErrorDetails details;

    protected LlmException(String message, ErrorDetails details, Throwable cause) {
        super(compose(message, details), cause, true, cause != null || details.httpStatus().isEmpty());
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
