package io.relay4j.core.error;

/**
 * The kinds of failure the router tells apart. Each {@link LlmException} subtype has one; error
 * policies, attempts and metrics all speak in these terms. The lower-case {@link #tag()} is what
 * metrics and logs show.
 */
public enum ErrorType {
    RATE_LIMITED,
    POLICY_VIOLATION,
    AUTHENTICATION_FAILED,
    MODEL_NOT_FOUND,
    OVERLOADED,
    SERVER_ERROR,
    TIMEOUT,
    CONTEXT_LENGTH_EXCEEDED,
    CONTENT_FILTERED,
    INVALID_REQUEST,
    TRANSPORT_ERROR,
    MALFORMED_RESPONSE,
    INVALID_OUTPUT,
    /** A successful reply with no text, no tool call and no refusal signal. */
    EMPTY_ANSWER,
    STREAM_INTERRUPTED,
    ALL_PROVIDERS_FAILED;

    private final String tag = name().toLowerCase(java.util.Locale.ROOT);

    /** A stable, low-cardinality lower-case name for metric tags and logs. */
    public String tag() {
        return tag;
    }
}
