package io.relay4j.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.ResponseFormat;
import io.relay4j.core.Role;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.providers.internal.Json;
import java.io.IOException;
import java.util.List;

/**
 * Builds the {@code generateContent} body from a vendor-neutral request.
 *
 * <ul>
 *   <li>System messages become {@code systemInstruction}, one text part each.</li>
 *   <li>User and assistant turns become {@code contents} with roles {@code user} and {@code model};
 *       consecutive turns of one role become one content with several parts.</li>
 *   <li>{@code generationConfig} carries {@code maxOutputTokens}, {@code temperature} (Gemini's range is
 *       0..2 like relay4j's), {@code stopSequences} and, for a JSON-schema format,
 *       {@code responseMimeType: application/json} with the schema as {@code responseJsonSchema}.</li>
 * </ul>
 */
final class GeminiRequestEncoder {

    private final GeminiSettings settings;

    GeminiRequestEncoder(GeminiSettings settings) {
        this.settings = settings;
    }

    byte[] encode(LlmRequest request) {
        ObjectNode body = Json.object();
        ArrayNode systemParts = body.arrayNode();
        ArrayNode contents = body.putArray("contents");
        ObjectNode current = null;
        Role currentRole = null;
        for (Message m : request.messages()) {
            if (m.role() == Role.SYSTEM) {
                systemParts.addObject().put("text", m.content());
                continue;
            }
            if (m.role() != currentRole) {
                current = contents.addObject().put("role", m.role() == Role.USER ? "user" : "model");
                current.putArray("parts");
                currentRole = m.role();
            }
            ((ArrayNode) current.get("parts")).addObject().put("text", m.content());
        }
        if (contents.isEmpty()) {
            throw new InvalidRequest("Gemini needs at least one user or assistant message besides system ones",
                    ErrorDetails.of(settings.provider()));
        }
        if (!systemParts.isEmpty()) {
            body.putObject("systemInstruction").set("parts", systemParts);
        }
        ObjectNode config = generationConfig(request);
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        return Json.bytes(body);
    }

    private ObjectNode generationConfig(LlmRequest request) {
        ObjectNode config = Json.object();
        request.maxTokens().ifPresent(max -> config.put("maxOutputTokens", max));
        request.temperature().ifPresent(t -> config.put("temperature", t));
        List<String> stops = request.stopSequences();
        if (!stops.isEmpty()) {
            ArrayNode array = config.putArray("stopSequences");
            stops.forEach(array::add);
        }
        request.responseFormat().ifPresent(format -> {
            config.put("responseMimeType", "application/json");
            config.set("responseJsonSchema", schema(format));
        });
        return config;
    }

    private JsonNode schema(ResponseFormat format) {
        try {
            return Json.parse(format.schemaJson());
        } catch (IOException e) {
            throw new InvalidRequest("response format '" + format.name() + "' is not valid JSON: fix its schemaJson",
                    ErrorDetails.of(settings.provider()));
        }
    }
}
