package io.relay4j.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.simulator.ToolCallShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the content of a generateContent body ({@code functionDeclarations}, {@code toolConfig},
 * {@code functionCall}/{@code functionResponse} parts and their thought signatures, {@code inlineData} and
 * {@code fileData}, {@code responseJsonSchema}, {@code thinkingConfig}) and rejects what Gemini rejects, with its
 * messages.
 */
final class GeminiRequestReader {

    private static final Pattern FUNCTION_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}$");

    private GeminiRequestReader() {
    }

    static Conversation read(JsonNode body, String model) {
        boolean gemini3 = model.startsWith("gemini-3");
        List<Conversation.Tool> tools = tools(body.path("tools"));
        JsonNode config = body.path("generationConfig");
        JsonNode thinking = config.path("thinkingConfig");
        if (thinking.has("thinkingLevel") && thinking.has("thinkingBudget")) {
            throw new InvalidRequestException("You can only set either thinking budget or thinking level.");
        }
        boolean reasoning = thinking.isObject() && thinking.path("thinkingBudget").asInt(-1) != 0;
        int toolResults = contents(body.path("contents"), gemini3);
        Optional<ToolCallShape> marker = lastUserText(body.path("contents")).flatMap(ToolCallShape::markedIn);
        JsonNode calling = body.path("toolConfig").path("functionCallingConfig");
        // responses followed by a marked question in the same user turn: the question asks for calls again
        return new Conversation(tools, choice(calling), true, marker.isPresent() ? 0 : toolResults,
                responseSchema(config),
                new Conversation.Reasoning(reasoning, reasoning && thinking.path("includeThoughts").asBoolean(false)),
                marker, gemini3);
    }

    private static List<Conversation.Tool> tools(JsonNode tools) {
        List<Conversation.Tool> declared = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode declarations = tools.get(i).path("functionDeclarations");
            for (int j = 0; j < declarations.size(); j++) {
                JsonNode declaration = declarations.get(j);
                String name = declaration.path("name").asText("");
                if (!FUNCTION_NAME.matcher(name).matches()) {
                    throw new InvalidRequestException("* GenerateContentRequest.tools[" + i + "].function_declarations["
                            + j + "].name: Invalid function name. Must start with a letter or an underscore. Must be"
                            + " a-z, A-Z, 0-9, or contain underscores, dots, colons and dashes, with a maximum length of"
                            + " 64.\n");
                }
                JsonNode parameters = declaration.has("parametersJsonSchema")
                        ? declaration.get("parametersJsonSchema") : declaration.get("parameters");
                declared.add(new Conversation.Tool(name, parameters == null ? Json.object() : parameters));
            }
        }
        return declared;
    }

    private static Conversation.Choice choice(JsonNode calling) {
        JsonNode allowed = calling.path("allowedFunctionNames");
        return switch (calling.path("mode").asText("AUTO")) {
            case "NONE" -> new Conversation.Choice(Conversation.Choice.Mode.NONE, Optional.empty());
            case "ANY" -> allowed.size() == 1
                    ? new Conversation.Choice(Conversation.Choice.Mode.NAMED, Optional.of(allowed.get(0).asText()))
                    : new Conversation.Choice(Conversation.Choice.Mode.REQUIRED, Optional.empty());
            default -> Conversation.Choice.AUTO;
        };
    }

    /** Checks function-call turns, their signatures and images; returns the function responses of a closing turn. */
    private static int contents(JsonNode contents, boolean gemini3) {
        int previousCalls = 0;
        List<String> previousIds = List.of();
        for (int i = 0; i < contents.size(); i++) {
            JsonNode content = contents.get(i);
            JsonNode parts = content.path("parts");
            boolean model = "model".equals(content.path("role").asText());
            int calls = 0;
            int responses = 0;
            List<String> ids = new ArrayList<>();
            for (int j = 0; j < parts.size(); j++) {
                JsonNode part = parts.get(j);
                String at = "contents[" + i + "].parts[" + j + "]";
                if (part.has("functionCall")) {
                    if (model && calls == 0 && gemini3 && !part.has("thoughtSignature")) {
                        throw new InvalidRequestException("Function call is missing a thought_signature in functionCall"
                                + " parts. This is required for tools to work correctly, and missing thought_signature"
                                + " may lead to degraded model performance. Additional data, function call `default_api:"
                                + part.path("functionCall").path("name").asText("") + "` , position " + (j + 1)
                                + ". Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more"
                                + " details.");
                    }
                    if (!FUNCTION_NAME.matcher(part.path("functionCall").path("name").asText("")).matches()) {
                        throw new InvalidRequestException("* GenerateContentRequest.contents[" + i + "].parts[" + j
                                + "].function_call.name: Invalid function name. Must start with a letter or an"
                                + " underscore. Must be a-z, A-Z, 0-9, or contain underscores, dots, colons and dashes,"
                                + " with a maximum length of 64.\n");
                    }
                    calls++;
                    ids.add(part.path("functionCall").path("id").asText(""));
                } else if (part.has("functionResponse")) {
                    if (previousCalls == 0) {
                        throw new InvalidRequestException("Please ensure that function response turn comes immediately"
                                + " after a function call turn.");
                    }
                    String id = part.path("functionResponse").path("id").asText("");
                    if (!id.isEmpty() && !previousIds.contains(id)) {
                        throw new InvalidRequestException("Please ensure that the function response turn's ids match"
                                + " the function call turn's ids; no function call has id " + id + ".");
                    }
                    responses++;
                }
                if (part.has("thoughtSignature")
                        && !ContentPlanner.Signatures.valid(ContentPlanner.Signatures.GEMINI, part.get("thoughtSignature"))) {
                    throw new InvalidRequestException("Unable to submit request because Thought signature is not valid.");
                }
                image(part, at);
            }
            if (responses > 0 && responses != previousCalls) {
                throw new InvalidRequestException("Please ensure that the number of function response parts is equal to"
                        + " the number of function call parts of the function call turn.");
            }
            previousCalls = model ? calls : 0;
            previousIds = ids;
            if (i == contents.size() - 1) {
                return responses;
            }
        }
        return 0;
    }

    private static void image(JsonNode part, String at) {
        JsonNode inline = part.get("inlineData");
        if (inline != null) {
            String mimeType = inline.path("mimeType").asText("");
            if (mimeType.startsWith("image/") && !Images.GEMINI_TYPES.contains(mimeType)) {
                throw new InvalidRequestException("* GenerateContentRequest." + at + ".inline_data.mime_type:"
                        + " Unsupported MIME type: " + mimeType + "\n");
            }
            if (!Images.decodes(inline.path("data").asText(""))) {
                throw new InvalidRequestException("Invalid value at '" + at + ".inline_data.data' (TYPE_BYTES), Base64"
                        + " decoding failed");
            }
        }
        JsonNode file = part.get("fileData");
        if (file != null && file.path("fileUri").asText("").isBlank()) {
            throw new InvalidRequestException("* GenerateContentRequest." + at + ".file_data.file_uri: a file URI is"
                    + " required\n");
        }
    }

    private static Optional<JsonNode> responseSchema(JsonNode config) {
        JsonNode schema = config.has("responseJsonSchema") ? config.get("responseJsonSchema") : config.get("responseSchema");
        if (schema == null || schema.isNull()) {
            return Optional.empty();
        }
        String field = config.has("responseJsonSchema") ? "response_json_schema" : "response_schema";
        if (!schema.isObject()) {
            throw new InvalidRequestException("Invalid value at 'generation_config." + field + "', must be a JSON"
                    + " object");
        }
        if (!"application/json".equals(config.path("responseMimeType").asText(""))) {
            throw new InvalidRequestException("* GenerateContentRequest.generation_config." + field + ": only supported"
                    + " when response_mime_type is application/json\n");
        }
        return Optional.of(schema);
    }

    private static Optional<String> lastUserText(JsonNode contents) {
        for (int i = contents.size() - 1; i >= 0; i--) {
            JsonNode content = contents.get(i);
            if (!"model".equals(content.path("role").asText("user"))) {
                StringBuilder text = new StringBuilder();
                for (JsonNode part : content.path("parts")) {
                    text.append(part.path("text").asText(""));
                }
                return Optional.of(text.toString());
            }
        }
        return Optional.empty();
    }
}
