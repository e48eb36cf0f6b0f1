package io.relay4j.core.internal.router;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the router's configuration types, so every message reads the same way. */
public final class Checks {

    private Checks() {
    }

    /** Refuses null, zero and negative durations, naming the setting to fix. */
    public static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }

    /** Refuses null and negative durations (zero is allowed), naming the setting to fix. */
    public static Duration notNegative(Duration value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
        return value;
    }

    /** Refuses a factor below {@code min} (and NaN). */
    public static double atLeast(double value, double min, String name) {
        if (!(value >= min) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number of at least " + min + ", got " + value);
        }
        return value;
    }

    /** Refuses a whole number outside {@code [min, max]}, naming the setting and the range it accepts. */
    public static int inRange(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", got " + value);
        }
        return value;
    }
}
