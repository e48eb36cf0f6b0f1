package io.relay4j.core.error;

/** The provider refuses this use (HTTP 403: a policy ban, a region block or a missing permission). */
public final class PolicyViolation extends LlmException {

    private static final long serialVersionUID = 1L;

    public PolicyViolation(String message, ErrorDetails details) {
        this(message, details, null);
    }

    public PolicyViolation(String message, ErrorDetails details, Throwable cause) {
        super(message, details, cause);
    }

    @Override
    public ErrorType type() {
        return ErrorType.POLICY_VIOLATION;
    }
}
