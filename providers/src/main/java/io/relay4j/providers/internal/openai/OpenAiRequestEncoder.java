package io.relay4j.providers.internal.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.ResponseFormat;
import io.relay4j.core.Tool;
import io.relay4j.core.ToolChoice;
import io.relay4j.providers.internal.HttpCall;
import io.relay4j.providers.internal.Json;
import io.relay4j.providers.internal.ProviderFields;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a request as an OpenAI Chat Completions body. Sends only the fields the request sets, so strict
 * servers (Mistral refuses unknown fields) see nothing they did not ask for. The body is written token by
 * token, once per call, without building a tree first; a request that binds fields to this provider
 * ({@code providerFields}) has them merged in last.
 *
 * <p>Messages are written by {@link OpenAiMessageWriter}. Tools go as {@code tools[{type: "function", function:
 * {name, description, parameters, strict}}]} (an empty description and a {@code false} strict flag are left out),
 * with {@code tool_choice} ({@code auto|none|required|{type: "function", function: {name}}}) and
 * {@code parallel_tool_calls} only beside tools (OpenAI refuses them without). Reasoning is
 * {@code reasoning_effort} ({@link OpenAiReasoningEffort}); then {@code top_p}, {@code seed}, {@code response_format}.
 */
final class OpenAiRequestEncoder {

    private final OpenAiOptions options;
    private final OpenAiMessageWriter messages;
    /** The same for every call: built once (an immutable map, which the call keeps without copying). */
    private final Map<String, String> headers;

    OpenAiRequestEncoder(OpenAiOptions options) {
        this.options = options;
        this.messages = new OpenAiMessageWriter(options);
        this.headers = headers(options);
    }

    HttpCall encode(LlmRequest request, boolean stream) {
        JsonNode schema = request.responseFormat()
                .map(f -> Json.parseCallerJson(f.schemaJson(), "the response format's schema")).orElse(null);
        byte[] body = Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("model", request.model().orElse(options.model()));
            messages.write(g, request.messages());
            if (request.maxTokens().isPresent()) {
                g.writeNumberField(options.tokenLimitField().jsonName(), request.maxTokens().getAsInt());
            }
            if (request.temperature().isPresent()) {
                g.writeNumberField("temperature", request.temperature().getAsDouble());
            }
            if (request.topP().isPresent()) {
                g.writeNumberField("top_p", request.topP().getAsDouble());
            }
            if (request.seed().isPresent()) {
                g.writeNumberField("seed", request.seed().getAsLong());
            }
            if (!request.stopSequences().isEmpty()) {
                g.writeArrayFieldStart("stop");
                for (String stop : request.stopSequences()) {
                    g.writeString(stop);
                }
                g.writeEndArray();
            }
            if (!request.tools().isEmpty()) {
                writeTools(g, request);
            }
            if (request.reasoning().isPresent()) {
                Optional<String> effort = OpenAiReasoningEffort.of(request.reasoning().get(), options.family());
                if (effort.isPresent()) {
                    g.writeStringField("reasoning_effort", effort.get());
                }
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
        return new HttpCall(options.chatPath(), headers, ProviderFields.merge(body, request, options.provider()));
    }

    private static void writeTools(JsonGenerator g, LlmRequest request) throws IOException {
        g.writeArrayFieldStart("tools");
        for (Tool tool : request.tools()) {
            g.writeStartObject();
            g.writeStringField("type", "function");
            g.writeObjectFieldStart("function");
            g.writeStringField("name", tool.name());
            if (!tool.description().isEmpty()) {
                g.writeStringField("description", tool.description());
            }
            g.writeFieldName("parameters");
            // Tool checked it is a JSON object when it was made: copied as it is, not parsed again per call
            g.writeRawValue(tool.parametersJson());
            if (tool.strict()) {
                g.writeBooleanField("strict", true);
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        if (request.toolChoice().isPresent()) {
            ToolChoice choice = request.toolChoice().get();
            switch (choice.mode()) {
                case AUTO -> g.writeStringField("tool_choice", "auto");
                case NONE -> g.writeStringField("tool_choice", "none");
                case REQUIRED -> g.writeStringField("tool_choice", "required");
                default -> {
                    g.writeObjectFieldStart("tool_choice");
                    g.writeStringField("type", "function");
                    g.writeObjectFieldStart("function");
                    g.writeStringField("name", choice.toolName().orElseThrow());
                    g.writeEndObject();
                    g.writeEndObject();
                }
            }
        }
        if (request.parallelToolCalls().isPresent()) {
            g.writeBooleanField("parallel_tool_calls", request.parallelToolCalls().get());
        }
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
