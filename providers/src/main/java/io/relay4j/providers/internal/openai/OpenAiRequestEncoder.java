package io.relay4j.providers.internal.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.ResponseFormat;
import io.relay4j.providers.internal.HttpCall;
import io.relay4j.providers.internal.Json;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a request as an OpenAI Chat Completions body. Sends only the fields the request sets, so strict
 * servers (Mistral refuses unknown fields) see nothing they did not ask for.
 */
final class OpenAiRequestEncoder {

    private final OpenAiOptions options;

    OpenAiRequestEncoder(OpenAiOptions options) {
        this.options = options;
    }

    HttpCall encode(LlmRequest request, boolean stream) {
        ObjectNode body = Json.object();
        body.put("model", request.model().orElse(options.model()));
        ArrayNode messages = body.putArray("messages");
        for (Message m : request.messages()) {
            messages.addObject().put("role", m.role().name().toLowerCase(Locale.ROOT)).put("content", m.content());
        }
        request.maxTokens().ifPresent(n -> body.put(options.tokenLimitField().jsonName(), n));
        request.temperature().ifPresent(t -> body.put("temperature", t));
        if (!request.stopSequences().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stopSequences().forEach(stop::add);
        }
        request.responseFormat().ifPresent(f -> body.set("response_format", responseFormat(f)));
        if (stream) {
            body.put("stream", true);
            if (options.includeStreamUsage()) {
                body.putObject("stream_options").put("include_usage", true);
            }
        }
        return new HttpCall(options.chatPath(), headers(), Json.bytes(body));
    }

    private static ObjectNode responseFormat(ResponseFormat format) {
        ObjectNode node = Json.object().put("type", "json_schema");
        ObjectNode schema = node.putObject("json_schema");
        schema.put("name", format.name());
        schema.set("schema", Json.parseCallerJson(format.schemaJson(), "the response format's schema"));
        schema.put("strict", format.strict());
        return node;
    }

    private Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>(options.vendorHeaders());
        options.apiKey().ifPresent(key -> {
            if (options.auth() == OpenAiOptions.Auth.API_KEY_HEADER) {
                headers.put("api-key", key.reveal());
            } else {
                headers.put("Authorization", "Bearer " + key.reveal());
            }
        });
        return headers;
    }
}
