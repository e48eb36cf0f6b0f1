package io.relay4j.simulator.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The simulator's one JSON mapper and the few helpers every vendor dialect needs. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    // reader and writer resolve their (de)serialiser once, here: Jackson's caches take a lock on a first lookup,
    // which an event loop must never wait for
    private static final ObjectReader READER = MAPPER.readerFor(JsonNode.class);
    private static final ObjectWriter WRITER = MAPPER.writerFor(JsonNode.class);

    private Json() {
    }

    /** Fills Jackson's caches; call it off the event loops (a server does when it is built). */
    static void warmUp() {
        write(parse("{\"a\":[1,2.5,true,null,\"t\",{}]}"));
    }

    /** A new empty JSON object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A new empty JSON array. */
    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Parses a request body; throws {@link InvalidRequestException} when it is not JSON. */
    public static JsonNode parse(String body) {
        try {
            JsonNode node = READER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new InvalidRequestException("the request body is empty; send a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the request body is not valid JSON");
        }
    }

    /** Compact JSON text of a tree the simulator built itself. */
    public static String write(JsonNode node) {
        try {
            return WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree built in memory", e);
        }
    }

    /** {@code text} as a JSON string literal, quotes included. */
    public static String quote(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }
}
