package io.relay4j.core.internal.router;

import io.relay4j.core.error.Timeout;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.core.router.TimeoutConfig;
import java.time.Duration;

/**
 * The deadlines of one provider's attempts: the router's {@link TimeoutConfig} with the provider's
 * {@link ProviderOptions} overrides applied, resolved once when the provider is added.
 *
 * @param firstToken from the attempt's start to a stream's first text, or to a whole answer
 * @param idle       the longest silence between stream chunks while the consumer waits for more
 * @param attempt    the whole call
 */
public record AttemptDeadlines(Duration firstToken, Duration idle, Duration attempt) {

    public static AttemptDeadlines of(TimeoutConfig router, ProviderOptions provider) {
        return new AttemptDeadlines(provider.firstTokenTimeout().orElse(router.firstToken()),
                provider.idleTimeout().orElse(router.idle()), provider.attemptTimeout().orElse(router.attempt()));
    }

    /** A whole answer's deadline: its first token is the answer, so the sooner of first token and attempt. */
    public Duration wholeAnswer() {
        return firstToken.compareTo(attempt) <= 0 ? firstToken : attempt;
    }

    /** Which deadline {@link #wholeAnswer()} is, for the {@link Timeout} it fails with. */
    public Timeout.Kind wholeAnswerKind() {
        return firstToken.compareTo(attempt) <= 0 ? Timeout.Kind.FIRST_TOKEN : Timeout.Kind.ATTEMPT;
    }
}
