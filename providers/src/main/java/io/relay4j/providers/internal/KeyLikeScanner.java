package io.relay4j.providers.internal;

import java.util.regex.Pattern;

/**
 * Finds, in one pass and without backtracking, exactly what {@link #ORACLE} finds: the key-like runs
 * {@link Redactor} masks. The regex stays as the specification (the tests compare the two on random text);
 * the scanner is what runs, because the regex cost about 12 us per failed call on the fallback path.
 *
 * <p>At each position where a word boundary holds, the alternatives are tried in the regex's order and the
 * first that matches wins, taking as much as its greedy tail can. Word boundaries follow
 * {@link java.util.regex.Pattern}'s {@code \b} on the running JDK (JDK 17 counts every Unicode letter or
 * digit as a word character, JDK 19 and later only ASCII ones), probed once, so the two agree everywhere.
 */
final class KeyLikeScanner {

    /** The specification: what looks like a key. */
    static final Pattern ORACLE = Pattern.compile(
            "(?i)\\bbearer\\s+\\S+"                    // an echoed Authorization header
            + "|\\bsk-[A-Za-z0-9_*.\\-]{2,}"             // OpenAI, Anthropic (sk-ant-), DeepSeek, OpenRouter (sk-or-)
            + "|\\bgsk_[A-Za-z0-9_*]{2,}"                // Groq
            + "|\\bAIza[0-9A-Za-z_*\\-]{10,}"            // Google
            + "|\\b[A-Za-z0-9_\\-]{32,}");              // long opaque tokens (Azure's 32-hex keys)

    private static final boolean UNICODE_WORD_CHARS = Pattern.compile("\\b").matcher("\u00e9").find();
    private static final int OPAQUE_MIN = 32;

    private final String text;
    private final int length;
    /** End of the last run of opaque-token characters measured; a later start inside it ends there too. */
    private int opaqueRunEnd = -1;

    KeyLikeScanner(String text) {
        this.text = text;
        this.length = text.length();
    }

    /** The end of the key-like run starting at {@code i}, or -1 when none starts there. */
    int matchEnd(int i) {
        char c = text.charAt(i);
        if (!isOpaque(c) || !isBoundary(i)) {
            return -1;
        }
        int end = -1;
        switch (c | 0x20) {
            case 'b' -> end = bearer(i);
            case 's' -> end = prefixed(i, "sk-", 2, KeyLikeScanner::isSkTail);
            case 'g' -> end = prefixed(i, "gsk_", 2, KeyLikeScanner::isGroqTail);
            case 'a' -> end = prefixed(i, "aiza", 10, KeyLikeScanner::isGoogleTail);
            default -> {
            }
        }
        return end >= 0 ? end : opaque(i);
    }

    private int bearer(int i) {
        if (!startsWithIgnoreCase(i, "bearer")) {
            return -1;
        }
        int j = i + 6;
        int spaces = j;
        while (j < length && isRegexSpace(text.charAt(j))) {
            j++;
        }
        if (j == spaces || j == length) {
            return -1;
        }
        while (j < length && !isRegexSpace(text.charAt(j))) {
            j++;
        }
        return j;
    }

    private int prefixed(int i, String prefix, int minTail, CharTest tail) {
        if (!startsWithIgnoreCase(i, prefix)) {
            return -1;
        }
        int start = i + prefix.length();
        int j = start;
        while (j < length && tail.test(text.charAt(j))) {
            j++;
        }
        return j - start >= minTail ? j : -1;
    }

    private int opaque(int i) {
        if (i >= opaqueRunEnd) {
            int j = i;
            while (j < length && isOpaque(text.charAt(j))) {
                j++;
            }
            opaqueRunEnd = j;
        }
        return opaqueRunEnd - i >= OPAQUE_MIN ? opaqueRunEnd : -1;
    }

    private boolean startsWithIgnoreCase(int i, String lowerPrefix) {
        if (i + lowerPrefix.length() > length) {
            return false;
        }
        for (int k = 0; k < lowerPrefix.length(); k++) {
            char c = text.charAt(i + k);
            // ASCII-only folding, as the regex's CASE_INSENSITIVE without UNICODE_CASE
            char lower = c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c;
            if (lower != lowerPrefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** {@code \b} at {@code i}, as Pattern decides it (including its rule for combining marks). */
    private boolean isBoundary(int i) {
        boolean left = false;
        if (i > 0) {
            int before = Character.codePointBefore(text, i);
            left = isWord(before) || isMarkOnBase(before, i - 1);
        }
        boolean right = false;
        if (i < length) {
            int at = Character.codePointAt(text, i);
            right = isWord(at) || isMarkOnBase(at, i);
        }
        return left != right;
    }

    private boolean isWord(int cp) {
        if (cp < 0x80) {
            return cp == '_' || (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
        }
        return UNICODE_WORD_CHARS && Character.isLetterOrDigit(cp);
    }

    /** A non-spacing mark counts as a word character when letters or digits carry it. */
    private boolean isMarkOnBase(int cp, int index) {
        if (cp < 0x80 || Character.getType(cp) != Character.NON_SPACING_MARK) {
            return false;
        }
        for (int x = index; x >= 0; x--) {
            int ch = Character.codePointAt(text, x);
            if (Character.isLetterOrDigit(ch)) {
                return true;
            }
            if (Character.getType(ch) != Character.NON_SPACING_MARK) {
                return false;
            }
        }
        return false;
    }

    /** The regex's {@code \s} without UNICODE_CHARACTER_CLASS. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    }

    private static boolean isOpaque(char c) {
        return isAsciiAlnum(c) || c == '_' || c == '-';
    }

    private static boolean isSkTail(char c) {
        return isOpaque(c) || c == '*' || c == '.';
    }

    private static boolean isGroqTail(char c) {
        return isAsciiAlnum(c) || c == '_' || c == '*';
    }

    private static boolean isGoogleTail(char c) {
        return isOpaque(c) || c == '*';
    }

    @FunctionalInterface
    private interface CharTest {
        boolean test(char c);
    }
}
