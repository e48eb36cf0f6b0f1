package io.relay4j.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The one-pass redaction against its specification, the regex, on chosen and on random key-like text. */
class RedactorTest {

    private static final String KEY = "sk-configured-Key_0123456789";
    private static final Redactor WITH_KEY = Redactor.of(Optional.of(ApiKey.of(KEY)));
    private static final Redactor WITHOUT_KEY = Redactor.of(Optional.empty());
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n\\t]+");

    private static final String[] FRAGMENTS = {
        "Bearer x", "bearer\t", "BEARER", "bEaReR  \n", "bearer", "sk-", "SK-", "Sk-ant-", "sk-or-v1-",
        "gsk_", "GSK_", "AIza", "aIzA", "AIzaSy", "a", "Z", "0", "9", "_", "-", "*", ".", " ", "  ", "\t",
        "\r\n", "\n\n\t", "\u000b", "\f", "!", "\"", ":", "/", "=", "[", "(", ",", "é", "ß", "ж", "日本",
        "\u0301", "e\u0301", "\u0663", "\u00a0", "\u2003", "\ud83d\ude00", "\ud835\udc00", "\u212a", "\u017f",
        "abc", "x1", KEY, KEY.substring(0, 10), "***", "Incorrect API key provided: "
    };

    @Test
    void echoedKeysAreMaskedAndTheMessageFlattened() {
        assertThat(WITH_KEY.scrub("Incorrect API key provided: sk-abc***xyz.\nSee https://x"))
                .isEqualTo("Incorrect API key provided: [redacted] See https://x");
        assertThat(WITH_KEY.scrub("auth: Bearer\t\tabc.def/ghi rest")).isEqualTo("auth: [redacted] rest");
        assertThat(WITH_KEY.scrub("key " + KEY + " and gsk_ab and AIzaSyA1234567")).isEqualTo(
                "key [redacted] and [redacted] and [redacted]");
        assertThat(WITHOUT_KEY.scrub("azure 0123456789abcdef0123456789abcdef!")).isEqualTo("azure [redacted]!");
        assertThat(WITHOUT_KEY.scrub("short 0123456789abcdef0123456789abcde")).endsWith("abcde");
        assertThat(WITHOUT_KEY.scrub(" \r\n ")).isEmpty();
        assertThat(WITHOUT_KEY.scrub("x".repeat(400))).isEqualTo("[redacted]");
        assertThat(WITHOUT_KEY.scrub("x ".repeat(200))).hasSize(Redactor.MAX_MESSAGE_CHARS + 3).endsWith("...");
    }

    @Test
    void keyPrefixesAreCaseInsensitiveButNeedAWordBoundary() {
        assertThat(WITHOUT_KEY.scrub("SK-abc")).isEqualTo("[redacted]");
        assertThat(WITHOUT_KEY.scrub("ask-abc")).isEqualTo("ask-abc");
        assertThat(WITHOUT_KEY.scrub("-sk-abc")).isEqualTo("-[redacted]");
        assertThat(WITHOUT_KEY.scrub("unbearer x")).isEqualTo("unbearer x");
    }

    @Test
    void agreesWithTheRegexOnSeededRandomText() {
        Random random = new Random(20_251_125L);
        for (int n = 0; n < 40_000; n++) {
            String text = randomText(random);
            Redactor redactor = n % 2 == 0 ? WITH_KEY : WITHOUT_KEY;
            assertThat(redactor.scrub(text))
                    .as("text %s", escape(text))
                    .isEqualTo(oracle(text, n % 2 == 0 ? Optional.of(KEY) : Optional.empty()));
        }
    }

    @Test
    void agreesWithTheRegexOnEveryRunLengthAroundTheThresholds() {
        String[] edges = {"", " ", "-", "_", "é", "e\u0301", "x", ".", "\ud83d\ude00"};
        for (String before : edges) {
            for (String after : edges) {
                for (int len = 0; len <= 34; len++) {
                    for (String prefix : new String[] {"", "sk-", "gsk_", "AIza", "bearer ", "-"}) {
                        String text = before + prefix + "aB3_-".repeat(7).substring(0, len) + after;
                        assertThat(WITHOUT_KEY.scrub(text)).as("text %s", escape(text))
                                .isEqualTo(oracle(text, Optional.empty()));
                    }
                }
            }
        }
    }

    private static String randomText(Random random) {
        StringBuilder b = new StringBuilder();
        int parts = random.nextInt(random.nextInt(10) == 0 ? 120 : 14);
        for (int p = 0; p < parts; p++) {
            int pick = random.nextInt(10);
            if (pick < 6) {
                b.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            } else if (pick < 9) {
                int len = 29 + random.nextInt(6);  // around the 32-char opaque-token threshold
                for (int k = 0; k < len; k++) {
                    b.append("abcXYZ0189_-".charAt(random.nextInt(12)));
                }
            } else {
                int len = 8 + random.nextInt(5);  // around AIza's 10-char tail
                for (int k = 0; k < len; k++) {
                    b.append("aZ09_-*.".charAt(random.nextInt(8)));
                }
            }
        }
        return b.toString();
    }

    /** The redaction as written with regular expressions before the scanner replaced them. */
    private static String oracle(String text, Optional<String> key) {
        if (text.isEmpty()) {
            return "";
        }
        String s = key.isPresent() ? text.replace(key.get(), "[redacted]") : text;
        s = KeyLikeScanner.ORACLE.matcher(s).replaceAll("[redacted]");
        s = LINE_BREAKS.matcher(s).replaceAll(" ").strip();
        return s.length() > Redactor.MAX_MESSAGE_CHARS ? s.substring(0, Redactor.MAX_MESSAGE_CHARS) + "..." : s;
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.toString();
    }
}
