package io.relay4j.providers.internal.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.ResponseFormat;
import io.relay4j.core.Role;
import io.relay4j.providers.internal.HttpCall;
import io.relay4j.providers.internal.Json;
import java.io.IOException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a request as an OpenAI Chat Completions body. Sends only the fields the request sets, so strict
 * servers (Mistral refuses unknown fields) see nothing they did not ask for. The body is written token by
 * token, once per call, without building a tree first.
 */
final class OpenAiRequestEncoder {

    private static final Map<Role, String> ROLES = new EnumMap<>(Role.class);

    static {
        for (Role role : Role.values()) {
            ROLES.put(role, role.name().toLowerCase(Locale.ROOT));
        }
    }

    private final OpenAiOptions options;
    /** The same for every call: built once (an immutable map, which the call keeps without copying). */
    private final Map<String, String> headers;

    OpenAiRequestEncoder(OpenAiOptions options) {
        this.options = options;
        this.headers = headers(options);
    }

    HttpCall encode(LlmRequest request, boolean stream) {
        JsonNode schema = request.responseFormat()
                .map(f -> Json.parseCallerJson(f.schemaJson(), "the response format's schema")).orElse(null);
        byte[] body = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("model", request.model().orElse(options.model()));
            g.writeArrayFieldStart("messages");
            for (Message m : request.messages()) {
                g.writeStartObject();
                g.writeStringField("role", ROLES.get(m.role()));
                g.writeStringField("content", m.content());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (request.maxTokens().isPresent()) {
                g.writeNumberField(options.tokenLimitField().jsonName(), request.maxTokens().getAsInt());
            }
            if (request.temperature().isPresent()) {
                g.writeNumberField("temperature", request.temperature().getAsDouble());
            }
            if (!request.stopSequences().isEmpty()) {
                g.writeArrayFieldStart("stop");
                for (String stop : request.stopSequences()) {
                    g.writeString(stop);
                }
                g.writeEndArray();
            }
            if (schema != null) {
                writeResponseFormat(g, request.responseFormat().orElseThrow(), schema);
            }
            if (stream) {
                g.writeBooleanField("stream", true);
                if (options.includeStreamUsage()) {
                    g.writeObjectFieldStart("stream_options");
                    g.writeBooleanField("include_usage", true);
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
        });
        return new HttpCall(options.chatPath(), headers, body);
    }

    private static void writeResponseFormat(JsonGenerator g, ResponseFormat format, JsonNode schema) throws IOException {
        g.writeObjectFieldStart("response_format");
        g.writeStringField("type", "json_schema");
        g.writeObjectFieldStart("json_schema");
        g.writeStringField("name", format.name());
        g.writeFieldName("schema");
        g.writeTree(schema);
        g.writeBooleanField("strict", format.strict());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static Map<String, String> headers(OpenAiOptions options) {
        Map<String, String> headers = new LinkedHashMap<>(options.vendorHeaders());
        options.apiKey().ifPresent(key -> {
            if (options.auth() == OpenAiOptions.Auth.API_KEY_HEADER) {
                headers.put("api-key", key.reveal());
            } else {
                headers.put("Authorization", "Bearer " + key.reveal());
            }
        });
        return Map.copyOf(headers);
    }
}
