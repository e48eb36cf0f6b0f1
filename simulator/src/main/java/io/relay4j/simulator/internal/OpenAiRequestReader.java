package io.relay4j.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.simulator.ToolCallShape;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the content of a Chat Completions body (tools, tool choice, tool calls and {@code tool} messages, image
 * parts, {@code response_format}, {@code reasoning_effort}) and rejects what OpenAI rejects, with its messages:
 * among them tool-call ids outside {@code ^[a-zA-Z0-9_-]+$} or longer than the vendor's limit (OpenAI 40, Azure 64)
 * and history tool names outside the tool-name pattern.
 */
final class OpenAiRequestReader {

    private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]+");
    private static final int MAX_TOOL_NAME = 64;
    /** The longest tool-call id OpenAI's Chat Completions takes; Azure OpenAI takes {@value #AZURE_MAX_ID}. */
    static final int OPENAI_MAX_ID = 40;
    static final int AZURE_MAX_ID = 64;
    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9_-]+");

    private OpenAiRequestReader() {
    }

    static Conversation read(JsonNode body, int maxIdLength) {
        List<Conversation.Tool> tools = tools(body.path("tools"));
        Conversation.Choice choice = choice(body.get("tool_choice"), !tools.isEmpty());
        int toolResults = messages(body.path("messages"), maxIdLength);
        boolean reasoning = body.hasNonNull("reasoning_effort") && !"none".equals(body.get("reasoning_effort").asText());
        return new Conversation(tools, choice, body.path("parallel_tool_calls").asBoolean(true), toolResults,
                responseSchema(body.get("response_format")), new Conversation.Reasoning(reasoning, false),
                lastUserText(body.path("messages")).flatMap(ToolCallShape::markedIn), false);
    }

    private static List<Conversation.Tool> tools(JsonNode tools) {
        List<Conversation.Tool> declared = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (!"function".equals(tool.path("type").asText("function"))) {
                continue;
            }
            String param = "tools[" + i + "].function.name";
            String name = tool.path("function").path("name").asText("");
            checkString(name, param, MAX_TOOL_NAME, TOOL_NAME);
            JsonNode parameters = tool.path("function").get("parameters");
            if (parameters != null && !parameters.isObject()) {
                throw new InvalidRequestException("Invalid type for 'tools[" + i + "].function.parameters': expected"
                        + " an object, but got " + kind(parameters) + " instead.", "tools[" + i + "].function.parameters",
                        "invalid_type");
            }
            declared.add(new Conversation.Tool(name, parameters == null ? Json.object() : parameters));
        }
        return declared;
    }

    /** OpenAI's checks of a string field with a length limit and a pattern, with its messages. */
    private static void checkString(String value, String param, int maxLength, Pattern pattern) {
        if (value.length() > maxLength) {
            throw new InvalidRequestException("Invalid '" + param + "': string too long. Expected a string with"
                    + " maximum length " + maxLength + ", but got a string with length " + value.length()
                    + " instead.", param, "string_above_max_length");
        }
        if (!pattern.matcher(value).matches()) {
            throw new InvalidRequestException("Invalid '" + param + "': string does not match pattern. Expected a"
                    + " string that matches the pattern '^[a-zA-Z0-9_-]+$'.", param, "invalid_value");
        }
    }

    private static Conversation.Choice choice(JsonNode choice, boolean hasTools) {
        if (choice == null || choice.isNull()) {
            return Conversation.Choice.AUTO;
        }
        if (!hasTools) {
            throw new InvalidRequestException("Invalid value for 'tool_choice': 'tool_choice' is only allowed when"
                    + " 'tools' are specified.", "tool_choice", null);
        }
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "none" -> new Conversation.Choice(Conversation.Choice.Mode.NONE, Optional.empty());
                case "required" -> new Conversation.Choice(Conversation.Choice.Mode.REQUIRED, Optional.empty());
                case "auto" -> Conversation.Choice.AUTO;
                default -> throw new InvalidRequestException("Invalid value: '" + choice.asText() + "'. Supported"
                        + " values are: 'none', 'auto', and 'required'.", "tool_choice", "invalid_value");
            };
        }
        String name = choice.path("function").path("name").asText("");
        return new Conversation.Choice(Conversation.Choice.Mode.NAMED, Optional.of(name));
    }

    /**
     * Checks the tool pairing of every turn and every image; returns how many {@code tool} messages close the
     * conversation.
     */
    private static int messages(JsonNode messages, int maxIdLength) {
        Set<String> open = new LinkedHashSet<>();
        int openedAt = -1;
        int trailingResults = 0;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.path("role").asText("");
            if ("tool".equals(role)) {
                String id = message.path("tool_call_id").asText("");
                checkString(id, "messages[" + i + "].tool_call_id", maxIdLength, ID);
                if (openedAt < 0) {
                    throw new InvalidRequestException("Invalid parameter: messages with role 'tool' must be a response"
                            + " to a preceeding message with 'tool_calls'.", "messages.[" + i + "].role", null);
                }
                if (!open.remove(id)) {
                    throw new InvalidRequestException("Invalid parameter: 'tool_call_id' of '" + id + "' not found in"
                            + " 'tool_calls' of previous message.", "messages.[" + i + "].tool_call_id", null);
                }
                trailingResults++;
                continue;
            }
            unanswered(open, openedAt);
            openedAt = -1;
            trailingResults = 0;
            if ("assistant".equals(role) && message.path("tool_calls").size() > 0) {
                JsonNode calls = message.get("tool_calls");
                for (int j = 0; j < calls.size(); j++) {
                    JsonNode call = calls.get(j);
                    String at = "messages[" + i + "].tool_calls[" + j + "]";
                    checkString(call.path("id").asText(""), at + ".id", maxIdLength, ID);
                    checkString(call.path("function").path("name").asText(""), at + ".function.name", MAX_TOOL_NAME,
                            TOOL_NAME);
                    open.add(call.path("id").asText(""));
                }
                openedAt = i;
            }
            images(message.path("content"), i);
        }
        unanswered(open, openedAt);
        return trailingResults;
    }

    private static void unanswered(Set<String> open, int openedAt) {
        if (!open.isEmpty()) {
            throw new InvalidRequestException("An assistant message with 'tool_calls' must be followed by tool messages"
                    + " responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: "
                    + String.join(", ", open), "messages.[" + openedAt + "].role", null);
        }
    }

    private static void images(JsonNode content, int message) {
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            if (!"image_url".equals(part.path("type").asText())) {
                continue;
            }
            String param = "messages[" + message + "].content[" + j + "].image_url.url";
            String url = part.path("image_url").path("url").asText("");
            if (Images.isWebUrl(url)) {
                continue;
            }
            int comma = url.indexOf(',');
            String header = comma < 0 ? "" : url.substring(0, comma);
            if (!url.startsWith("data:") || !header.endsWith(";base64") || !Images.decodes(url.substring(comma + 1))) {
                throw new InvalidRequestException("Invalid '" + param + "'. Expected a base64-encoded data URL with an"
                        + " image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got a value with"
                        + " an invalid format.", param, "invalid_value");
            }
            String mediaType = header.substring("data:".length(), header.length() - ";base64".length());
            if (!Images.OPENAI_TYPES.contains(mediaType)) {
                throw new InvalidRequestException("You uploaded an unsupported image. Please make sure your image has"
                        + " of one the following formats: ['png', 'jpeg', 'gif', 'webp'].", null,
                        "invalid_image_format");
            }
        }
    }

    private static Optional<JsonNode> responseSchema(JsonNode format) {
        if (format == null || format.isNull()) {
            return Optional.empty();
        }
        return switch (format.path("type").asText("")) {
            case "json_schema" -> {
                JsonNode schema = format.path("json_schema").get("schema");
                if (schema == null || !schema.isObject()) {
                    throw new InvalidRequestException("Invalid type for 'response_format.json_schema.schema': expected"
                            + " an object, but got " + kind(schema) + " instead.", "response_format.json_schema.schema",
                            "invalid_type");
                }
                yield Optional.of(schema);
            }
            case "json_object" -> Optional.of(Json.parse("{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}"));
            default -> Optional.empty();
        };
    }

    static Optional<String> lastUserText(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if ("user".equals(message.path("role").asText())) {
                return Optional.of(text(message.path("content")));
            }
        }
        return Optional.empty();
    }

    /** The text of a string content or of its text parts (OpenAI and Anthropic share the shape). */
    static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            text.append(part.path("text").asText(""));
        }
        return text.toString();
    }

    /** How OpenAI names a JSON value's type in its messages. */
    static String kind(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return "a string";
        }
        if (value.isArray()) {
            return "an array";
        }
        return value.isNumber() ? "a number" : value.isBoolean() ? "a boolean" : "an object";
    }
}
