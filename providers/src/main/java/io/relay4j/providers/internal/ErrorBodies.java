package io.relay4j.providers.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Says what kind of body a reply that is not the vendor's JSON carried, without ever quoting it:
 * proxies and load balancers answer with HTML pages, empty bodies or plain text.
 */
public final class ErrorBodies {

    private static final int SNIFF_BYTES = 512;

    private ErrorBodies() {
    }

    /** The body's kind. */
    public enum Kind { EMPTY, HTML, JSON, OTHER }

    public static Kind kind(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, SNIFF_BYTES), StandardCharsets.UTF_8);
        String t = head.replace("\uFEFF", "").strip();
        if (t.isEmpty()) {
            return Kind.EMPTY;
        }
        char first = t.charAt(0);
        if (first == '{' || first == '[') {
            return Kind.JSON;
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (first == '<' || lower.contains("<html") || lower.contains("<!doctype")) {
            return Kind.HTML;
        }
        return Kind.OTHER;
    }

    /** For example {@code "HTTP 502 with an HTML body (a proxy's error page)"}. */
    public static String describe(int status, byte[] body) {
        return "HTTP " + status + switch (kind(body)) {
            case EMPTY -> " with an empty body";
            case HTML -> " with an HTML body (a proxy's error page)";
            case JSON -> " with a JSON body that holds no error the client understands";
            case OTHER -> " with a non-JSON body of " + body.length + " bytes";
        };
    }
}
