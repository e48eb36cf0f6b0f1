package io.relay4j.providers.internal;

import java.util.Objects;

/**
 * An API key that cannot leak by accident: {@link #toString()} shows only that a key is set, and the
 * value is read only where a header is written.
 */
public final class ApiKey {

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /** Wraps a key; refuses blank ones. */
    public static ApiKey of(String value) {
        Objects.requireNonNull(value, "apiKey must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException("apiKey must not be blank");
        }
        return new ApiKey(value.strip());
    }

    /** The key itself: for an authentication header only, never for a message or a log line. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "ApiKey[****]";
    }
}
