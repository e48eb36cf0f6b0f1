package io.relay4j.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Deterministic JSON values valid against a JSON Schema, for tool-call arguments and structured answers: every
 * property an object lists (so its required ones too), values of the declared type within the common bounds
 * ({@code enum}, {@code const}, {@code minimum}/{@code maximum}, {@code minLength}, {@code minItems}, well-known
 * string formats), the first branch of {@code anyOf}/{@code oneOf}, local {@code $ref}s, and Gemini's upper-case
 * OpenAPI type names. {@code variant} changes strings and numbers so parallel calls differ.
 */
final class SchemaValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 12;

    private final JsonNode root;
    private final int variant;

    private SchemaValues(JsonNode root, int variant) {
        this.root = root;
        this.variant = variant;
    }

    /** A value valid against {@code schema} (a missing or empty schema gives an empty object). */
    static JsonNode generate(JsonNode schema, int variant) {
        return new SchemaValues(schema, variant).value(schema, "value", 0);
    }

    private JsonNode value(JsonNode schema, String name, int depth) {
        if (schema == null || !schema.isObject() || depth > MAX_DEPTH) {
            return depth == 0 ? NODES.objectNode() : NODES.textNode(name);
        }
        if (schema.has("$ref")) {
            return value(resolve(schema.get("$ref").asText()), name, depth + 1);
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        JsonNode choices = schema.get("enum");
        if (choices != null && choices.isArray() && !choices.isEmpty()) {
            return choices.get(variant % choices.size());
        }
        for (String branch : new String[] {"anyOf", "oneOf", "allOf"}) {
            JsonNode branches = schema.get(branch);
            if (branches != null && branches.isArray() && !branches.isEmpty() && !hasType(schema)) {
                return value(firstNotNull(branches), name, depth + 1);
            }
        }
        return switch (type(schema)) {
            case "object" -> object(schema, depth);
            case "array" -> array(schema, name, depth);
            case "string" -> string(schema, name);
            case "integer" -> NODES.numberNode((long) number(schema, true));
            case "number" -> NODES.numberNode(number(schema, false));
            case "boolean" -> NODES.booleanNode(variant % 2 == 0);
            case "null" -> NODES.nullNode();
            default -> NODES.textNode(name);
        };
    }

    private ObjectNode object(JsonNode schema, int depth) {
        ObjectNode object = NODES.objectNode();
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                object.set(property.getKey(), value(property.getValue(), property.getKey(), depth + 1));
            }
        }
        JsonNode required = schema.get("required");
        if (required != null && required.isArray()) {
            for (JsonNode key : required) {
                if (!object.has(key.asText())) {
                    object.put(key.asText(), key.asText());
                }
            }
        }
        return object;
    }

    private ArrayNode array(JsonNode schema, String name, int depth) {
        ArrayNode array = NODES.arrayNode();
        int count = Math.max(1, schema.path("minItems").asInt(1));
        int max = schema.path("maxItems").asInt(Integer.MAX_VALUE);
        for (int i = 0; i < Math.min(count, max); i++) {
            array.add(value(schema.get("items"), name, depth + 1));
        }
        return array;
    }

    private JsonNode string(JsonNode schema, String name) {
        String format = schema.path("format").asText("");
        String text = switch (format) {
            case "date-time" -> "2026-01-0" + (1 + variant % 9) + "T12:00:00Z";
            case "date" -> "2026-01-0" + (1 + variant % 9);
            case "time" -> "12:00:00Z";
            case "email" -> "user" + variant + "@example.com";
            case "uri", "url" -> "https://example.com/" + variant;
            case "uuid" -> "00000000-0000-4000-8000-00000000000" + (variant % 10);
            default -> name + (variant == 0 ? "" : "-" + variant);
        };
        int min = schema.path("minLength").asInt(0);
        StringBuilder padded = new StringBuilder(text);
        while (padded.length() < min) {
            padded.append('x');
        }
        int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        return NODES.textNode(padded.length() > max ? padded.substring(0, max) : padded.toString());
    }

    private double number(JsonNode schema, boolean integer) {
        double low = schema.has("minimum") ? schema.get("minimum").asDouble()
                : schema.has("exclusiveMinimum") && schema.get("exclusiveMinimum").isNumber()
                        ? schema.get("exclusiveMinimum").asDouble() + 1 : 1;
        double high = schema.has("maximum") ? schema.get("maximum").asDouble()
                : schema.has("exclusiveMaximum") && schema.get("exclusiveMaximum").isNumber()
                        ? schema.get("exclusiveMaximum").asDouble() - 1 : Double.MAX_VALUE;
        double value = Math.min(high, low + variant);
        return integer ? Math.ceil(value) : value;
    }

    private static boolean hasType(JsonNode schema) {
        return schema.has("type") || schema.has("properties");
    }

    private static JsonNode firstNotNull(JsonNode branches) {
        for (JsonNode branch : branches) {
            if (!"null".equals(type(branch))) {
                return branch;
            }
        }
        return branches.get(0);
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isArray()) {
            for (JsonNode option : type) {
                if (!"null".equalsIgnoreCase(option.asText())) {
                    return option.asText().toLowerCase(Locale.ROOT);
                }
            }
            return "null";
        }
        if (type != null && type.isTextual()) {
            return type.asText().toLowerCase(Locale.ROOT);
        }
        if (schema.has("properties") || schema.has("required")) {
            return "object";
        }
        return schema.has("items") ? "array" : "string";
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            return null;
        }
        JsonNode node = root;
        for (String segment : ref.substring(2).split("/")) {
            node = node == null ? null : node.get(segment.replace("~1", "/").replace("~0", "~"));
        }
        return node;
    }
}
