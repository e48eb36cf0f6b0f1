package io.relay4j.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Estimates prompt tokens as about four characters of the request's text values per token, at least one. */
final class TokenEstimate {

    private static final int CHARS_PER_TOKEN = 4;

    private TokenEstimate() {
    }

    static int of(JsonNode body) {
        long chars = textLength(body, null);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN));
    }

    private static long textLength(JsonNode node, String field) {
        if (node.isTextual()) {
            return "model".equals(field) || "role".equals(field) ? 0 : node.asText().length();
        }
        long total = 0;
        if (node.isArray()) {
            for (JsonNode element : node) {
                total += textLength(element, field);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                total += textLength(entry.getValue(), entry.getKey());
            }
        }
        return total;
    }
}
