package io.relay4j.core.error;

import io.relay4j.core.Attempt;
import java.util.List;

/**
 * No provider could answer. Holds every attempt made (skips included) in {@link #attempts()},
 * and every attempt's error as a {@linkplain #getSuppressed() suppressed exception}.
 */
public final class AllProvidersFailed extends LlmException {

    private static final long serialVersionUID = 1L;

    private final transient List<Attempt> attempts;

    public AllProvidersFailed(String message, List<Attempt> attempts) {
        super(message, ErrorDetails.of("router"), null);
        this.attempts = List.copyOf(attempts);
        for (Attempt attempt : this.attempts) {
            attempt.error().ifPresent(this::addSuppressed);
        }
    }

    public List<Attempt> attempts() {
        return attempts;
    }

    @Override
    public ErrorType type() {
        return ErrorType.ALL_PROVIDERS_FAILED;
    }
}
