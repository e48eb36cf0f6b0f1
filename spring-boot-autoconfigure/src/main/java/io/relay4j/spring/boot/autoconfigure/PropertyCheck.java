package io.relay4j.spring.boot.autoconfigure;

import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.springframework.util.ClassUtils;

/**
 * Hands one property's value to a relay4j builder setter and turns the setter's refusal into an
 * {@link InvalidRelay4jPropertyException} that names the property, so every value is checked exactly where relay4j
 * checks it and reported as Spring users expect.
 */
final class PropertyCheck {

    private static final Pattern PLAIN_KEY = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private PropertyCheck() {
    }

    /** {@code prefix.key}, with the key in brackets when it is not a plain kebab-case name. */
    static String child(String prefix, String key) {
        return PLAIN_KEY.matcher(key).matches() ? prefix + "." + key : prefix + ".[" + key + "]";
    }

    /** Applies a value that may be shown in messages; {@code null} means unset and is skipped. */
    static <T> void set(String property, T value, Consumer<? super T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (RuntimeException e) {
            throw invalid(property, "'" + value + "' is not accepted: " + e.getMessage());
        }
    }

    /** Applies a secret (a key, a header value): a refusal is reported without the value, or the setter's words. */
    static <T> void setSecret(String property, T value, Consumer<? super T> setter, String accepts) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (RuntimeException e) {
            // the setter's message may quote the value, so it is not passed on
            throw invalid(property, "the value (not shown) is not accepted: " + accepts);
        }
    }

    /**
     * Fails, naming {@code property}, when the relay4j module an optional feature needs is not on the application's
     * class path ({@code className} is the class that stands for it), saying what to do {@code otherwise}.
     *
     * @param feature what the property asked for ("json-schema", "fleet mode")
     * @param module  the relay4j artifact, without its group ("relay4j-validation")
     */
    static void requireModule(String property, String feature, String module, String className,
                              ClassLoader classLoader, String otherwise) {
        if (!ClassUtils.isPresent(className, classLoader)) {
            throw invalid(property, feature + " needs " + module + " (io.relay4j:" + module + ") on the class path,"
                    + " which does not have " + className + ": add that dependency, or " + otherwise);
        }
    }

    static InvalidRelay4jPropertyException invalid(String property, String reason) {
        return new InvalidRelay4jPropertyException(property, reason);
    }
}
