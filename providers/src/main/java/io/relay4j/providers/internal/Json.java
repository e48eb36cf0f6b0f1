package io.relay4j.providers.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;

/** The one Jackson mapper the protocols share (thread-safe once configured), and small tree helpers. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Serialises a tree to UTF-8 bytes. */
    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** Writes one document with a streaming generator: no tree is built for what is written once. */
    public static byte[] write(Writer writer) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator generator = MAPPER.createGenerator(out)) {
            writer.writeTo(generator);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON document could not be written", e);
        }
        return out.toByteArray();
    }

    /** Writes a document's tokens. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(JsonGenerator generator) throws IOException;
    }

    /**
     * Parses a whole document (leading blank lines, which DeepSeek sends under load, are whitespace).
     *
     * @throws IOException when the bytes are not one JSON document
     */
    public static JsonNode parse(byte[] body) throws IOException {
        JsonNode node = MAPPER.readTree(body);
        if (node == null || node.isMissingNode()) {
            throw new IOException("empty document");
        }
        return node;
    }

    /** Parses JSON text, see {@link #parse(byte[])}. */
    public static JsonNode parse(String text) throws IOException {
        JsonNode node = MAPPER.readTree(text);
        if (node == null || node.isMissingNode()) {
            throw new IOException("empty document");
        }
        return node;
    }

    /** Parses a schema or other JSON text the caller gave, as a tree to embed in a request. */
    public static JsonNode parseCallerJson(String text, String what) {
        try {
            return parse(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not valid JSON" + location(e));
        }
    }

    /**
     * Where a parse failed ({@code " at line 1, column 7"}), for an error message; never the parser's own
     * message, which may quote the document (answer text, an echoed key).
     */
    public static String location(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
            return " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
        }
        return "";
    }

    /** A field's text when it is a non-null scalar (a number's text for numeric fields). */
    public static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return Optional.empty();
        }
        return Optional.of(v.asText());
    }
}
