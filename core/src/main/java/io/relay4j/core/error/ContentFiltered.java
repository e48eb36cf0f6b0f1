package io.relay4j.core.error;

/** The provider's content filter refused the prompt or the answer. Fails fast by default, since the request is the cause; fallback is opt-in. */
public final class ContentFiltered extends LlmException {

    private static final long serialVersionUID = 1L;

    public ContentFiltered(String message, ErrorDetails details) {
        this(message, details, null);
    }

    public ContentFiltered(String message, ErrorDetails details, Throwable cause) {
        super(message, details, cause);
    }

    @Override
    public ErrorType type() {
        return ErrorType.CONTENT_FILTERED;
    }
}
