package io.relay4j.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTextTest {

    /** Appears in the invalid texts below; no error message may repeat it (it may be a prompt or arguments). */
    private static final String SECRET = "hunter2secret";

    @Test
    void readsEveryKindOfValueInMemberOrder() {
        Object value = JsonText.parse(" {\"z\": 1, \"a\": [true, false, null], \"s\": \"x\", \"o\": {}, \"e\": []}\n");

        assertThat(value).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        assertThat(object.keySet()).containsExactly("z", "a", "s", "o", "e");
        assertThat(object.get("z")).isEqualTo(1L);
        assertThat(object.get("a")).isEqualTo(Arrays.asList(true, false, null));
        assertThat(object.get("o")).isEqualTo(Map.of());
        assertThat(object.get("e")).isEqualTo(List.of());
        assertThatThrownBy(() -> object.put("k", 1))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) object.get("a")).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void readsNumbersAsLongsWhenIntegralAndSmallElseAsBigDecimals() {
        assertThat(JsonText.parse("0")).isEqualTo(0L);
        assertThat(JsonText.parse("-17")).isEqualTo(-17L);
        assertThat(JsonText.parse("123456789012345678")).isEqualTo(123456789012345678L);
        assertThat(JsonText.parse("12345678901234567890")).isEqualTo(new BigDecimal("12345678901234567890"));
        assertThat(JsonText.parse("-1.5")).isEqualTo(new BigDecimal("-1.5"));
        assertThat(JsonText.parse("2.5e-3")).isEqualTo(new BigDecimal("2.5e-3"));
        assertThat(JsonText.parse("1E+2")).isEqualTo(new BigDecimal("1E+2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "-", "1.", ".5", "1e", "+1", "0x10", "NaN", "Infinity", "1.5e+"})
    void refusesNumbersOutsideTheGrammar(String number) {
        assertThatThrownBy(() -> JsonText.parse(number)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("is not valid JSON");
    }

    @Test
    void anExponentBeyondBigDecimalIsInvalidJsonNotANumberFormatError() {
        assertThatThrownBy(() -> JsonText.parse("{\"n\": 1e99999999999}"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("is not valid JSON: number out of range at character 19");
    }

    @Test
    void decodesEveryEscape() {
        assertThat(JsonText.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u20AC\"")).isEqualTo("a\"b\\c/d\b\f\n\r\té€");
        assertThat(JsonText.parse("\"\\ud83d\\ude00\"")).isEqualTo("😀");
        assertThat(JsonText.parse("\"plain\"")).isEqualTo("plain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"tab\there\"", "\"open", "'single'"})
    void refusesBadStrings(String text) {
        assertThatThrownBy(() -> JsonText.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("is not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\"}", "{\"a\":1,}", "[1,]", "[1 2]", "{a:1}", "tru", "nul",
        "{} {}", "{\"a\":1}x", "\u00a0{}"})
    void refusesStructuralErrors(String text) {
        assertThatThrownBy(() -> JsonText.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("is not valid JSON").hasMessageContaining("at character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"k\": \"" + SECRET + "}", "{\"" + SECRET + "\" 1}", "[\"" + SECRET + "\" \"x\"]",
        "{\"k\": " + SECRET + "}", "\"" + SECRET + "\\q\"", "[1, 2] " + SECRET})
    void errorMessagesGiveAPositionNeverTheText(String text) {
        assertThatThrownBy(() -> JsonText.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(SECRET).hasMessageNotContaining("hunter");
    }

    @Test
    void nestingIsLimitedToMaxDepthLevels() {
        assertThat(JsonText.parse(nested(JsonText.MAX_DEPTH))).isInstanceOf(List.class);
        // review of issue 13: the check let one level more than MAX_DEPTH through
        assertThatThrownBy(() -> JsonText.parse(nested(JsonText.MAX_DEPTH + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested deeper than " + JsonText.MAX_DEPTH + " levels");
        assertThatThrownBy(() -> JsonText.parse(nested(100_000))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested deeper");
    }

    @Test
    void parseObjectAndIsObjectAcceptOnlyAnObject() {
        assertThat(JsonText.parseObject("{\"a\": {\"b\": [1]}}")).containsOnlyKeys("a");
        assertThat(JsonText.isObject(" {} ")).isTrue();
        for (String notAnObject : List.of("[]", "\"s\"", "1", "null", "true", "{", "")) {
            assertThat(JsonText.isObject(notAnObject)).as(notAnObject).isFalse();
        }
        assertThatThrownBy(() -> JsonText.parseObject("[1]")).hasMessage("is JSON but not an object");
    }

    private static String nested(int levels) {
        char[] open = new char[levels];
        char[] close = new char[levels];
        Arrays.fill(open, '[');
        Arrays.fill(close, ']');
        return new String(open) + new String(close);
    }
}
