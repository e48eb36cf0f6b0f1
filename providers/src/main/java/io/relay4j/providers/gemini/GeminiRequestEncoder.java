package io.relay4j.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.ResponseFormat;
import io.relay4j.core.Tool;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.providers.internal.Json;
import io.relay4j.providers.internal.ProviderFields;
import java.io.IOException;
import java.util.List;

/**
 * Builds the {@code generateContent} body from a vendor-neutral request.
 *
 * <ul>
 *   <li>The messages become {@code systemInstruction} and {@code contents} as {@link GeminiContents} says (parts,
 *       images, tool calls and results, signatures).</li>
 *   <li>Tools are one {@code tools} entry of {@code functionDeclarations {name, description, parametersJsonSchema}}
 *       (Gemini has no strict flag: the caller's schema is sent as it is). The tool choice is
 *       {@code toolConfig.functionCallingConfig}: auto {@code AUTO}, none {@code NONE}, required {@code ANY}, one
 *       tool {@code ANY} with {@code allowedFunctionNames: [name]}. Gemini has no switch for parallel calls, so
 *       {@code parallelToolCalls(false)} is not honoured.</li>
 *   <li>{@code generationConfig} carries {@code maxOutputTokens}, {@code temperature} (Gemini's range is
 *       0..2 like relay4j's), {@code topP}, {@code seed}, {@code stopSequences}, the reasoning setting as
 *       {@code thinkingConfig} ({@link GeminiModel}) and, for a JSON-schema format,
 *       {@code responseMimeType: application/json} with the schema as {@code responseJsonSchema}.</li>
 *   <li>Last, the request's provider fields for this provider are merged into the body.</li>
 * </ul>
 */
final class GeminiRequestEncoder {

    private final GeminiSettings settings;

    GeminiRequestEncoder(GeminiSettings settings) {
        this.settings = settings;
    }

    byte[] encode(LlmRequest request) {
        GeminiModel model = GeminiModel.of(request.model().orElse(settings.model()));
        ObjectNode body = Json.object();
        ArrayNode systemParts = body.arrayNode();
        ArrayNode contents = body.putArray("contents");
        GeminiContents.encode(request.messages(), settings.provider(), model, systemParts, contents);
        if (contents.isEmpty()) {
            throw new InvalidRequest("Gemini needs at least one user or assistant message besides system ones",
                    ErrorDetails.of(settings.provider()));
        }
        if (!systemParts.isEmpty()) {
            body.putObject("systemInstruction").set("parts", systemParts);
        }
        tools(request, body);
        ObjectNode config = generationConfig(request, model);
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        return ProviderFields.merge(Json.bytes(body), request, settings.provider());
    }

    private void tools(LlmRequest request, ObjectNode body) {
        if (!request.tools().isEmpty()) {
            ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
            for (Tool tool : request.tools()) {
                ObjectNode declaration = declarations.addObject().put("name", tool.name());
                if (!tool.description().isEmpty()) {
                    declaration.put("description", tool.description());
                }
                declaration.set("parametersJsonSchema",
                        Json.parseCallerJson(tool.parametersJson(), "the parameters of tool " + tool.name()));
            }
        }
        request.toolChoice().ifPresent(choice -> {
            ObjectNode config = body.putObject("toolConfig").putObject("functionCallingConfig");
            switch (choice.mode()) {
                case AUTO -> config.put("mode", "AUTO");
                case NONE -> config.put("mode", "NONE");
                case REQUIRED -> config.put("mode", "ANY");
                case TOOL -> config.put("mode", "ANY").putArray("allowedFunctionNames")
                        .add(choice.toolName().orElseThrow());
            }
        });
    }

    private ObjectNode generationConfig(LlmRequest request, GeminiModel model) {
        ObjectNode config = Json.object();
        request.maxTokens().ifPresent(max -> config.put("maxOutputTokens", max));
        request.temperature().ifPresent(t -> config.put("temperature", t));
        request.topP().ifPresent(p -> config.put("topP", p));
        request.seed().ifPresent(seed -> config.put("seed", seed));
        List<String> stops = request.stopSequences();
        if (!stops.isEmpty()) {
            ArrayNode array = config.putArray("stopSequences");
            stops.forEach(array::add);
        }
        request.responseFormat().ifPresent(format -> {
            config.put("responseMimeType", "application/json");
            config.set("responseJsonSchema", schema(format));
        });
        request.reasoning().ifPresent(reasoning -> config.set("thinkingConfig", model.thinkingConfig(reasoning)));
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
