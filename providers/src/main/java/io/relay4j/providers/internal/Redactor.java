package io.relay4j.providers.internal;

import java.util.Optional;

/**
 * Makes vendor text safe for an exception message: removes the configured key and anything that looks
 * like a key (OpenAI echoes {@code "Incorrect API key provided: sk-abc***xyz"}), flattens line breaks and
 * caps the length. What looks like a key is specified by {@link KeyLikeScanner#ORACLE}; a one-pass scanner
 * finds the same runs, since this runs on every failed call.
 */
public final class Redactor {

    /** The longest vendor message kept in an exception message. */
    public static final int MAX_MESSAGE_CHARS = 300;

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
        String s = key.isPresent() ? text.replace(key.get(), MASK) : text;
        String flat = maskAndFlatten(s).strip();
        return flat.length() > MAX_MESSAGE_CHARS ? flat.substring(0, MAX_MESSAGE_CHARS) + "..." : flat;
    }

    /** Masks every key-like run and turns each run of CR, LF and TAB outside them into one space. */
    private static String maskAndFlatten(String s) {
        KeyLikeScanner scanner = new KeyLikeScanner(s);
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int end = scanner.matchEnd(i);
            if (end >= 0) {
                out.append(MASK);
                i = end;
            } else if (isLineBreakOrTab(s.charAt(i))) {
                out.append(' ');
                while (i < s.length() && isLineBreakOrTab(s.charAt(i))) {
                    i++;
                }
            } else {
                out.append(s.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isLineBreakOrTab(char c) {
        return c == '\r' || c == '\n' || c == '\t';
    }
}
