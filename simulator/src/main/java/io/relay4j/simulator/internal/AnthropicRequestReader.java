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
 * Reads the content of a Messages body (tools, {@code tool_choice}, {@code tool_use}/{@code tool_result} blocks,
 * image blocks, {@code output_config.format}, {@code thinking} and thinking blocks in history) and rejects what
 * Anthropic rejects, with its messages.
 */
final class AnthropicRequestReader {

    private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,128}$");
    private static final int MIN_BUDGET = 1024;
    private static final Pattern ID = Pattern.compile("^[a-zA-Z0-9_-]+$");

    private AnthropicRequestReader() {
    }

    static Conversation read(JsonNode body, int maxTokens) {
        List<Conversation.Tool> tools = tools(body.path("tools"));
        JsonNode toolChoice = body.path("tool_choice");
        Conversation.Choice choice = choice(toolChoice);
        String thinking = body.path("thinking").path("type").asText("disabled");
        boolean thinkingOn = "enabled".equals(thinking) || "adaptive".equals(thinking);
        if ("enabled".equals(thinking)) {
            budget(body.path("thinking").path("budget_tokens"), maxTokens);
            if (choice.mode() == Conversation.Choice.Mode.REQUIRED || choice.mode() == Conversation.Choice.Mode.NAMED) {
                throw new InvalidRequestException("Thinking may not be enabled when tool_choice forces tool use.");
            }
        }
        JsonNode messages = body.path("messages");
        Optional<ToolCallShape> marker = lastUserText(messages).flatMap(ToolCallShape::markedIn);
        // results followed by a marked question in the same user turn: the question asks for calls again
        int closingResults = messages(messages, thinkingOn);
        int toolResults = marker.isPresent() ? 0 : closingResults;
        boolean visible = thinkingOn && !"omitted".equals(body.path("thinking").path("display").asText(""));
        return new Conversation(tools, choice, !toolChoice.path("disable_parallel_tool_use").asBoolean(false),
                toolResults, responseSchema(body), new Conversation.Reasoning(thinkingOn, visible), marker, false);
    }

    private static List<Conversation.Tool> tools(JsonNode tools) {
        List<Conversation.Tool> declared = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String type = tool.path("type").asText("custom");
            if (!"custom".equals(type)) {
                continue;
            }
            if (!TOOL_NAME.matcher(tool.path("name").asText("")).matches()) {
                throw new InvalidRequestException("tools." + i + ".custom.name: String should match pattern"
                        + " '^[a-zA-Z0-9_-]{1,128}$'");
            }
            JsonNode schema = tool.get("input_schema");
            if (schema == null || !schema.isObject()) {
                throw new InvalidRequestException("tools." + i + ".custom.input_schema: Field required");
            }
            declared.add(new Conversation.Tool(tool.get("name").asText(), schema));
        }
        return declared;
    }

    private static Conversation.Choice choice(JsonNode choice) {
        return switch (choice.path("type").asText("auto")) {
            case "any" -> new Conversation.Choice(Conversation.Choice.Mode.REQUIRED, Optional.empty());
            case "none" -> new Conversation.Choice(Conversation.Choice.Mode.NONE, Optional.empty());
            case "tool" -> new Conversation.Choice(Conversation.Choice.Mode.NAMED,
                    Optional.of(choice.path("name").asText("")));
            default -> Conversation.Choice.AUTO;
        };
    }

    private static void budget(JsonNode budget, int maxTokens) {
        if (!budget.isIntegralNumber()) {
            throw new InvalidRequestException("thinking.enabled.budget_tokens: Field required");
        }
        if (budget.asInt() < MIN_BUDGET) {
            throw new InvalidRequestException("thinking.enabled.budget_tokens: Input should be greater than or equal"
                    + " to " + MIN_BUDGET);
        }
        if (budget.asInt() >= maxTokens) {
            throw new InvalidRequestException("`max_tokens` must be greater than `thinking.budget_tokens`. Please"
                    + " consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size");
        }
    }

    /** Checks tool pairing, thinking blocks and images; returns the tool results of a closing user turn. */
    private static int messages(JsonNode messages, boolean thinkingOn) {
        Set<String> previousCalls = Set.of();
        int lastAssistant = -1;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            JsonNode content = message.path("content");
            boolean assistant = "assistant".equals(message.path("role").asText());
            Set<String> answered = new LinkedHashSet<>();
            Set<String> calls = new LinkedHashSet<>();
            for (int j = 0; j < content.size(); j++) {
                JsonNode block = content.get(j);
                String at = "messages." + i + ".content." + j;
                switch (block.path("type").asText("")) {
                    case "tool_use" -> {
                        String id = block.path("id").asText("");
                        if (!ID.matcher(id).matches()) {
                            throw new InvalidRequestException(at + ".tool_use.id: String should match pattern"
                                    + " '^[a-zA-Z0-9_-]+$'");
                        }
                        if (!TOOL_NAME.matcher(block.path("name").asText("")).matches()) {
                            throw new InvalidRequestException(at + ".tool_use.name: String should match pattern"
                                    + " '^[a-zA-Z0-9_-]{1,128}$'");
                        }
                        calls.add(id);
                    }
                    case "tool_result" -> {
                        String id = block.path("tool_use_id").asText("");
                        if (!ID.matcher(id).matches()) {
                            throw new InvalidRequestException(at + ".tool_result.tool_use_id: String should match"
                                    + " pattern '^[a-zA-Z0-9_-]+$'");
                        }
                        if (!previousCalls.contains(id)) {
                            throw new InvalidRequestException(at + ": unexpected `tool_use_id` found in `tool_result`"
                                    + " blocks: " + id + ". Each `tool_result` block must have a corresponding"
                                    + " `tool_use` block in the previous message.");
                        }
                        answered.add(id);
                        JsonNode inner = block.path("content");
                        for (int k = 0; k < inner.size(); k++) {
                            image(inner.get(k), at + ".content." + k);
                        }
                    }
                    case "image" -> image(block, at);
                    case "thinking" -> {
                        if (!ContentPlanner.Signatures.valid(ContentPlanner.Signatures.ANTHROPIC, block.get("signature"))) {
                            throw new InvalidRequestException(at + ": Invalid `signature` in `thinking` block");
                        }
                    }
                    default -> {
                    }
                }
            }
            if (!previousCalls.isEmpty() && !answered.containsAll(previousCalls)) {
                Set<String> missing = new LinkedHashSet<>(previousCalls);
                missing.removeAll(answered);
                throw new InvalidRequestException("messages." + (i - 1) + ": `tool_use` ids were found without"
                        + " `tool_result` blocks immediately after: " + String.join(", ", missing) + ". Each `tool_use`"
                        + " block must have a corresponding `tool_result` block in the next message.");
            }
            previousCalls = assistant ? calls : Set.of();
            if (assistant) {
                lastAssistant = i;
            }
        }
        if (!previousCalls.isEmpty()) {
            throw new InvalidRequestException("messages." + (messages.size() - 1) + ": `tool_use` ids were found without"
                    + " `tool_result` blocks immediately after: " + String.join(", ", previousCalls) + ". Each"
                    + " `tool_use` block must have a corresponding `tool_result` block in the next message.");
        }
        int results = closingResults(messages);
        if (thinkingOn && results > 0 && lastAssistant >= 0) {
            JsonNode first = messages.get(lastAssistant).path("content").path(0);
            String type = first.path("type").asText("");
            if (!"thinking".equals(type) && !"redacted_thinking".equals(type)) {
                throw new InvalidRequestException("messages." + lastAssistant + ".content.0.type: Expected `thinking`"
                        + " or `redacted_thinking`, but found `" + type + "`. When `thinking` is enabled, a final"
                        + " `assistant` message must start with a thinking block (preceeding the lastmost set of"
                        + " `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from"
                        + " previous turns. To avoid this requirement, disable `thinking`. Please consult our"
                        + " documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking");
            }
        }
        return results;
    }

    private static int closingResults(JsonNode messages) {
        JsonNode last = messages.path(messages.size() - 1);
        if (!"user".equals(last.path("role").asText())) {
            return 0;
        }
        int results = 0;
        for (JsonNode block : last.path("content")) {
            if ("tool_result".equals(block.path("type").asText())) {
                results++;
            }
        }
        return results;
    }

    private static void image(JsonNode block, String at) {
        if (!"image".equals(block.path("type").asText())) {
            return;
        }
        JsonNode source = block.path("source");
        switch (source.path("type").asText("")) {
            case "base64" -> {
                String mediaType = source.path("media_type").asText("");
                if (!Images.ANTHROPIC_TYPES.contains(mediaType)) {
                    throw new InvalidRequestException(at + ".image.source.base64.media_type: Input should be"
                            + " 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'");
                }
                if (!Images.decodes(source.path("data").asText(""))) {
                    throw new InvalidRequestException(at + ".image.source.base64.data: Invalid base64 data");
                }
            }
            case "url" -> {
                if (!Images.isWebUrl(source.path("url").asText(""))) {
                    throw new InvalidRequestException(at + ".image.source.url.url: Input should be a valid URL");
                }
            }
            case "file" -> {
            }
            default -> throw new InvalidRequestException(at + ".image.source: Input tag '"
                    + source.path("type").asText("") + "' found using 'type' does not match any of the expected tags:"
                    + " 'base64', 'url', 'file'");
        }
    }

    private static Optional<JsonNode> responseSchema(JsonNode body) {
        JsonNode format = body.path("output_config").get("format");
        String field = "output_config.format.schema";
        if (format == null) {
            format = body.get("output_format");
            field = "output_format.schema";
        }
        if (format == null || format.isNull()) {
            return Optional.empty();
        }
        JsonNode schema = format.get("schema");
        if (schema == null || !schema.isObject()) {
            throw new InvalidRequestException(field + ": Input should be a valid dictionary");
        }
        return Optional.of(schema);
    }

    private static Optional<String> lastUserText(JsonNode messages) {
        return OpenAiRequestReader.lastUserText(messages);
    }
}
