package io.relay4j.spring.boot.autoconfigure;

import java.util.Objects;

/**
 * A {@code relay4j.*} property the router cannot be built from. The message starts with the property's full name and
 * says what it accepts; it shows the bad value only for properties that hold no secret (never an API key or a
 * header value). {@link Relay4jFailureAnalyzer} turns it into Boot's startup failure report.
 */
final class InvalidRelay4jPropertyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final String reason;

    InvalidRelay4jPropertyException(String property, String reason) {
        super(Objects.requireNonNull(property, "property") + ": " + Objects.requireNonNull(reason, "reason"));
        this.property = property;
        this.reason = reason;
    }

    /** The property's full name, for example {@code relay4j.providers.gpt.api-key}. */
    String property() {
        return property;
    }

    /** What is wrong and what the property accepts. */
    String reason() {
        return reason;
    }
}
