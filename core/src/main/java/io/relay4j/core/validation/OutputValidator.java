package io.relay4j.core.validation;

import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidOutput;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Checks an answer before the router returns it; an answer that fails counts as
 * {@link InvalidOutput} and falls over to the next provider like other retryable errors. An answer that calls
 * tools is not checked: its text (if any) is no final answer, and the answer after the tools run is checked.
 *
 * <p>Contract for implementations: pure, thread-safe, fast and non-blocking (it runs on the thread
 * that received the answer); the failure message says what is wrong (a path, a rule) but never quotes
 * the output, since it becomes an exception message.
 *
 * <pre>{@code
 * OutputValidator nonEmpty = OutputValidator.of(text -> !text.isBlank(), "the answer is blank");
 * }</pre>
 */
@FunctionalInterface
public interface OutputValidator {

    /**
     * Checks {@code output}, an answer's whole text.
     *
     * @return empty when the output is valid, else why it is not (without quoting it)
     */
    Optional<String> validate(String output);

    /** A validator that accepts what {@code valid} accepts and otherwise fails with {@code failureMessage}. */
    static OutputValidator of(Predicate<String> valid, String failureMessage) {
        Objects.requireNonNull(valid, "valid must not be null");
        Objects.requireNonNull(failureMessage, "failureMessage must not be null");
        return output -> valid.test(output) ? Optional.empty() : Optional.of(failureMessage);
    }

    /** A validator from a function returning the failure message, or empty when the output is valid. */
    static OutputValidator of(Function<String, Optional<String>> check) {
        Objects.requireNonNull(check, "check must not be null");
        return check::apply;
    }

    /** Valid when both this and {@code other} accept the output; reports this validator's failure first. */
    default OutputValidator and(OutputValidator other) {
        Objects.requireNonNull(other, "other must not be null");
        return output -> {
            Optional<String> failure = validate(output);
            return failure.isPresent() ? failure : other.validate(output);
        };
    }

    /**
     * Checks the answer {@code provider} gave and returns the error the router fails the attempt with,
     * if any. A validator that throws fails the output too, with the exception's type as the reason
     * (the exception itself is left out, as its message may quote the output).
     */
    default Optional<InvalidOutput> check(String provider, String output) {
        Optional<String> failure;
        try {
            failure = validate(output);
        } catch (RuntimeException e) {
            return Optional.of(new InvalidOutput("the output validator failed with " + e.getClass().getName(),
                    ErrorDetails.of(provider)));
        }
        return failure.map(reason -> new InvalidOutput("the answer failed validation: " + reason,
                ErrorDetails.of(provider)));
    }
}
