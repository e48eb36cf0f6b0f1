package io.relay4j.core.error;

/**
 * The provider is throttling us (HTTP 429), or the account's quota or credit is spent.
 *
 * <p>A spent quota ({@link #quotaExhausted()}) does not pass with a short wait: the router cools
 * the provider down for long instead of retrying it.
 */
public final class RateLimited extends LlmException {

    private static final long serialVersionUID = 1L;

    private final boolean quotaExhausted;

    public RateLimited(String message, ErrorDetails details, boolean quotaExhausted) {
        this(message, details, quotaExhausted, null);
    }

    public RateLimited(String message, ErrorDetails details, boolean quotaExhausted, Throwable cause) {
        super(message, details, cause);
        this.quotaExhausted = quotaExhausted;
    }

    /** True when the account's quota, credit or billing limit is spent, rather than a rate window. */
    public boolean quotaExhausted() {
        return quotaExhausted;
    }

    @Override
    public ErrorType type() {
        return ErrorType.RATE_LIMITED;
    }
}
