package io.relay4j.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.ContentPart;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderState;
import io.relay4j.core.ReasoningPart;
import io.relay4j.core.TextPart;
import io.relay4j.core.ToolCall;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.providers.internal.Json;
import io.relay4j.providers.internal.ToolCalls;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The one mapping from Anthropic content blocks to message parts, shared by the whole-answer decoder and the stream
 * parser so that a folded stream and a whole answer hold the same parts, in the same order, with the same state:
 * <ul>
 *   <li>{@code text}: a {@link TextPart} (an empty one is left out);</li>
 *   <li>{@code thinking}: a {@link ReasoningPart} whose state is its {@code signature}, bound to this provider and
 *       vendor {@code anthropic};</li>
 *   <li>{@code redacted_thinking}: a redacted {@link ReasoningPart} whose state is its {@code data};</li>
 *   <li>{@code tool_use}: a {@link ToolCall} of its {@code input} (an input that is not a JSON object is an
 *       {@code InvalidOutput}, never {@code {}});</li>
 *   <li>anything else ({@code server_tool_use} and server-tool results, blocks added later): left out, as they are
 *       the vendor's own and never go to another vendor.</li>
 * </ul>
 * An answer without parts is an empty text message.
 */
final class AnthropicContent {

    private final String provider;
    private final ErrorDetails details;

    /**
     * @param provider the provider's name, to which the vendor state is bound
     * @param details  the answer's provider, status and request id, for errors about a broken tool call
     */
    AnthropicContent(String provider, ErrorDetails details) {
        this.provider = provider;
        this.details = details;
    }

    /** The part a whole-answer block stands for; empty for blocks that are not part of the message. */
    Optional<ContentPart> part(JsonNode block) {
        return switch (block.path("type").asText()) {
            case "text" -> text(block.path("text").asText(""));
            case "thinking" -> Optional.of(thinking(block.path("thinking").asText(""),
                    block.path("signature").asText("")));
            case "redacted_thinking" -> Optional.of(redacted(block.path("data").asText("")));
            case "tool_use" -> Optional.of(toolCall(block.path("id").asText(""), block.path("name").asText(""),
                    input(block.path("input"))));
            default -> Optional.empty();
        };
    }

    Optional<ContentPart> text(String text) {
        return text.isEmpty() ? Optional.empty() : Optional.of(TextPart.of(text));
    }

    ReasoningPart thinking(String text, String signature) {
        ReasoningPart part = ReasoningPart.of(text);
        return signature.isEmpty() ? part : part.withState(state(signature));
    }

    ReasoningPart redacted(String data) {
        return ReasoningPart.redacted(state(data));
    }

    ToolCall toolCall(String id, String name, String argumentsJson) {
        return ToolCalls.complete(id, name, argumentsJson, details);
    }

    private ProviderState state(String value) {
        return ProviderState.of(provider, AnthropicMessagesEncoder.VENDOR, value);
    }

    private static String input(JsonNode input) {
        // a missing input is a call without arguments; any other non-object fails in ToolCalls, as it must
        return input.isMissingNode() || input.isNull() ? ""
                : new String(Json.bytes(input), StandardCharsets.UTF_8);
    }

    /** The assistant message of the parts, in the vendor's order. */
    static Message message(List<ContentPart> parts) {
        return parts.isEmpty() ? Message.assistant("") : Message.assistant(parts);
    }
}
