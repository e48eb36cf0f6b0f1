package io.relay4j.providers.internal;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Makes vendor text safe for an exception message: removes the configured key and anything that looks
 * like a key (OpenAI echoes {@code "Incorrect API key provided: sk-abc***xyz"}), flattens line breaks and
 * caps the length.
 */
public final class Redactor {

    /** The longest vendor message kept in an exception message. */
    public static final int MAX_MESSAGE_CHARS = 300;

    private static final Pattern KEY_LIKE = Pattern.compile(
            "(?i)\\bbearer\\s+\\S+"                    // an echoed Authorization header
            + "|\\bsk-[A-Za-z0-9_*.\\-]{2,}"             // OpenAI, Anthropic (sk-ant-), DeepSeek, OpenRouter (sk-or-)
            + "|\\bgsk_[A-Za-z0-9_*]{2,}"                // Groq
            + "|\\bAIza[0-9A-Za-z_*\\-]{10,}"            // Google
            + "|\\b[A-Za-z0-9_\\-]{32,}");              // long opaque tokens (Azure's 32-hex keys)
    private static final String MASK = "[redacted]";

    private final Optional<String> key;

    private Redactor(Optional<String> key) {
        this.key = key;
    }

    public static Redactor of(Optional<ApiKey> key) {
        return new Redactor(key.map(ApiKey::reveal));
    }

    /** Redacts and caps a vendor message. */
    public String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String s = text;
        if (key.isPresent()) {
            s = s.replace(key.get(), MASK);
        }
        s = KEY_LIKE.matcher(s).replaceAll(MASK);
        s = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        if (s.length() > MAX_MESSAGE_CHARS) {
            s = s.substring(0, MAX_MESSAGE_CHARS) + "...";
        }
        return s;
    }
}
