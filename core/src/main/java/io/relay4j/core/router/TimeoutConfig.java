package io.relay4j.core.router;

import io.relay4j.core.internal.router.Checks;
import java.time.Duration;

/**
 * The router's deadlines for non-streaming requests. Immutable and validated.
 *
 * <p>An attempt that has not answered within {@code attempt} is cancelled and counts as a
 * {@code Timeout} of kind {@code TOTAL} on that provider (the request falls over). A request that has not
 * been answered within {@code request}, over all its attempts, retries and waits, ends with a
 * {@code Timeout} of kind {@code REQUEST}; the call in flight is cancelled.
 *
 * @param attempt the most one provider call may take
 * @param request the most a whole request may take
 */
public record TimeoutConfig(Duration attempt, Duration request) {

    /** 60 s per attempt, 120 s per request. */
    public static final TimeoutConfig DEFAULT = builder().build();

    public TimeoutConfig {
        Checks.positive(attempt, "attempt timeout");
        Checks.positive(request, "request timeout");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link TimeoutConfig}; values are checked at {@link #build()}. */
    public static final class Builder {
        private Duration attempt = Duration.ofSeconds(60);
        private Duration request = Duration.ofSeconds(120);

        private Builder() {
        }

        public Builder attempt(Duration attempt) {
            this.attempt = attempt;
            return this;
        }

        public Builder request(Duration request) {
            this.request = request;
            return this;
        }

        public TimeoutConfig build() {
            return new TimeoutConfig(attempt, request);
        }
    }
}
