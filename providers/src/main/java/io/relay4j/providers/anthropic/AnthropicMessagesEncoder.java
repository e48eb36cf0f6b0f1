package io.relay4j.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relay4j.core.ContentPart;
import io.relay4j.core.ImagePart;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderState;
import io.relay4j.core.ReasoningPart;
import io.relay4j.core.Role;
import io.relay4j.core.TextPart;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolResult;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.providers.internal.Json;
import io.relay4j.providers.internal.tools.WireNames;
import io.relay4j.providers.internal.tools.WireRule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the Messages API's {@code messages} array from a conversation.
 *
 * <ul>
 *   <li>System messages are left out (they are the top-level {@code system} prompt).</li>
 *   <li>A run of consecutive turns of one wire role is one message, as the API expects alternating turns. When
 *       every turn of the run is plain text, its content stays a string, the texts joined by a blank line (plain
 *       chat is sent as it always was); otherwise it is a list of content blocks, the turns' blocks in order:
 *       never strings joined across blocks.</li>
 *   <li>A {@link Role#TOOL} message is a run of {@code tool_result} blocks in a {@code user} message; the results
 *       of one assistant turn share that one message, before any user text or image that follows them.</li>
 *   <li>Assistant reasoning goes back as {@code thinking} ({@code thinking}, {@code signature}) or
 *       {@code redacted_thinking} ({@code data}) blocks only when its state comes from this provider of vendor
 *       {@code anthropic}; reasoning from another provider, another vendor or without state is dropped (it is
 *       never sent to an account that did not make it).</li>
 *   <li>A tool call is a {@code tool_use} block whose {@code input} is the arguments object. Ids and history tool
 *       names outside Anthropic's patterns ({@code toolu_}-style {@code [a-zA-Z0-9_-]+}, names
 *       {@code [a-zA-Z0-9_-]{1,128}}), such as Kimi's {@code functions.Bash:0}, are rewritten by {@link WireNames},
 *       the call and its {@code tool_result} alike; ids Anthropic accepts pass unchanged.</li>
 *   <li>Empty text parts are left out of block lists: the API refuses empty text blocks.</li>
 *   <li>A last assistant turn without tool calls is a prefill: its final text loses trailing whitespace, which the
 *       API refuses there, and its thinking blocks are dropped: a prefill is sent without thinking (the API refuses
 *       a prefill with thinking on, and thinking blocks in a final assistant turn with thinking off).</li>
 * </ul>
 */
final class AnthropicMessagesEncoder {

    static final String VENDOR = "anthropic";

    private static final String PARAGRAPH = "\n\n";

    private final String provider;

    AnthropicMessagesEncoder(String provider) {
        this.provider = provider;
    }

    /** One wire message being built: its role and, until it needs blocks, its text turns. */
    private static final class Turn {
        final String role;
        final List<String> texts = new ArrayList<>();
        final List<ObjectNode> results = new ArrayList<>();
        final List<ObjectNode> blocks = new ArrayList<>();
        boolean plain = true;

        Turn(String role) {
            this.role = role;
        }

        boolean hasToolUse() {
            return blocks.stream().anyMatch(b -> "tool_use".equals(b.path("type").asText()));
        }
    }

    /**
     * Writes the conversation's turns into {@code out}.
     *
     * @return whether the conversation cannot be sent with thinking on: its last assistant turn calls tools
     *         without starting with a thinking block, or it ends with an assistant prefill (the API refuses both
     *         while thinking is on)
     */
    boolean encode(List<Message> messages, ArrayNode out) {
        WireNames wire = WireNames.of(messages, WireRule.ANTHROPIC_CALL_ID, WireRule.ANTHROPIC_TOOL_NAME);
        List<Turn> turns = new ArrayList<>();
        for (Message m : messages) {
            if (m.role() == Role.SYSTEM) {
                continue;
            }
            String role = m.role() == Role.ASSISTANT ? "assistant" : "user";
            Turn turn = turns.isEmpty() || !turns.get(turns.size() - 1).role.equals(role) ? null
                    : turns.get(turns.size() - 1);
            if (turn == null) {
                turn = new Turn(role);
                turns.add(turn);
            }
            add(turn, m, wire);
        }
        if (turns.isEmpty()) {
            throw new InvalidRequest("Anthropic needs at least one user or assistant message besides system ones",
                    ErrorDetails.of(provider));
        }
        Turn last = turns.get(turns.size() - 1);
        if ("assistant".equals(last.role) && !last.plain && !last.hasToolUse()) {
            // a prefill goes without thinking (the API refuses both together), and then with no thinking blocks
            last.blocks.removeIf(AnthropicMessagesEncoder::isThinking);
        }
        for (Turn turn : turns) {
            if (!turn.plain && turn.results.isEmpty() && turn.blocks.isEmpty()) {
                // all its parts were dropped (foreign reasoning, empty text); the API merges the turns around it
                continue;
            }
            boolean prefill = turn == last && "assistant".equals(turn.role) && !turn.hasToolUse();
            ObjectNode message = out.addObject().put("role", turn.role);
            if (turn.plain) {
                String text = String.join(PARAGRAPH, turn.texts);
                message.put("content", prefill ? text.stripTrailing() : text);
            } else {
                ArrayNode content = message.putArray("content");
                turn.results.forEach(content::add);
                turn.blocks.forEach(content::add);
                if (prefill) {
                    stripTrailingText(content);
                }
            }
        }
        boolean endsWithPrefill = "assistant".equals(last.role) && !last.hasToolUse();
        return endsWithPrefill || lastAssistantCallsWithoutThinking(turns);
    }

    private static boolean lastAssistantCallsWithoutThinking(List<Turn> turns) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn turn = turns.get(i);
            if ("assistant".equals(turn.role)) {
                return turn.hasToolUse() && !isThinking(turn.blocks.get(0));
            }
        }
        return false;
    }

    private static boolean isThinking(JsonNode block) {
        String type = block.path("type").asText();
        return "thinking".equals(type) || "redacted_thinking".equals(type);
    }

    private static void stripTrailingText(ArrayNode content) {
        JsonNode lastBlock = content.size() == 0 ? null : content.get(content.size() - 1);
        if (lastBlock instanceof ObjectNode text && "text".equals(text.path("type").asText())) {
            text.put("text", text.path("text").asText().stripTrailing());
        }
    }

    private void add(Turn turn, Message m, WireNames wire) {
        if (m.isTextOnly() && turn.plain) {
            turn.texts.add(m.content());
            return;
        }
        if (turn.plain) {
            turn.plain = false;
            for (String text : turn.texts) {
                text(text).ifPresent(turn.blocks::add);
            }
            turn.texts.clear();
        }
        for (ContentPart part : m.parts()) {
            if (part instanceof ToolResult result) {
                turn.results.add(toolResult(result, wire));
            } else {
                block(part, wire).ifPresent(turn.blocks::add);
            }
        }
    }

    private Optional<ObjectNode> block(ContentPart part, WireNames wire) {
        return switch (part.kind()) {
            case TEXT -> text(((TextPart) part).text());
            case IMAGE -> Optional.of(image((ImagePart) part));
            case TOOL_CALL -> Optional.of(toolUse((ToolCall) part, wire));
            case REASONING -> thinking((ReasoningPart) part);
            case TOOL_RESULT -> Optional.of(toolResult((ToolResult) part, wire));
        };
    }

    private static Optional<ObjectNode> text(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Json.object().put("type", "text").put("text", text));
    }

    private static ObjectNode image(ImagePart image) {
        ObjectNode block = Json.object().put("type", "image");
        ObjectNode source = block.putObject("source");
        if (image.isInline()) {
            source.put("type", "base64").put("media_type", image.mediaType().orElseThrow())
                    .put("data", image.base64());
        } else {
            source.put("type", "url").put("url", image.url().orElseThrow().toString());
        }
        return block;
    }

    private ObjectNode toolUse(ToolCall call, WireNames wire) {
        ObjectNode block = Json.object().put("type", "tool_use").put("id", wire.callId(call.id()))
                .put("name", wire.toolName(call.name()));
        try {
            block.set("input", Json.parse(call.argumentsJson()));
        } catch (IOException e) {
            // a ToolCall always holds a JSON object, so this is a bug; never quote the arguments
            throw new InvalidRequest("the arguments of tool call '" + call.id() + "' could not be read",
                    ErrorDetails.of(provider));
        }
        return block;
    }

    private Optional<ObjectNode> thinking(ReasoningPart reasoning) {
        Optional<ProviderState> state = reasoning.state().filter(s -> s.isFrom(provider, VENDOR));
        if (state.isEmpty()) {
            return Optional.empty();
        }
        if (reasoning.isRedacted()) {
            return Optional.of(Json.object().put("type", "redacted_thinking").put("data", state.get().value()));
        }
        return Optional.of(Json.object().put("type", "thinking").put("thinking", reasoning.text())
                .put("signature", state.get().value()));
    }

    private static ObjectNode toolResult(ToolResult result, WireNames wire) {
        ObjectNode block = Json.object().put("type", "tool_result").put("tool_use_id", wire.callId(result.callId()));
        List<ContentPart> content = result.content();
        if (content.size() == 1 && content.get(0) instanceof TextPart only) {
            block.put("content", only.text());
        } else {
            ArrayNode blocks = block.putArray("content");
            for (ContentPart part : content) {
                if (part instanceof ImagePart image) {
                    blocks.add(image(image));
                } else {
                    text(((TextPart) part).text()).ifPresent(blocks::add);
                }
            }
        }
        if (result.isError()) {
            block.put("is_error", true);
        }
        return block;
    }
}
