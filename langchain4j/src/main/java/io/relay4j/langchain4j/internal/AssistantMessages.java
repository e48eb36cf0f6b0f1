package io.relay4j.langchain4j.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import io.relay4j.core.ContentPart;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderState;
import io.relay4j.core.ReasoningPart;
import io.relay4j.core.TextPart;
import io.relay4j.core.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * relay4j assistant messages as LangChain4j {@link AiMessage}s and back, keeping the vendor state relay4j needs on
 * the next turn (Anthropic thinking signatures and redacted thinking, Gemini thought signatures, reasoning a
 * compatible server wants back).
 *
 * <p>An {@code AiMessage} has text, thinking and tool execution requests, and a map of attributes that chat memories
 * keep and persist (LangChain4j's own Anthropic and Gemini models keep their signatures there). When an answer
 * carries vendor state, the whole relay4j message is written as JSON text under {@link #ATTRIBUTE}: plain strings,
 * so a persistent chat memory stores it like LangChain4j's own attributes. Coming back, that message is used only
 * while it still says what the {@code AiMessage} says (same text, thinking and calls); an edited message is rebuilt
 * from its fields and its state is dropped, as is the state of a message that never had the attribute.
 */
public final class AssistantMessages {

    /** The {@link AiMessage#attributes()} key under which the relay4j message travels. */
    public static final String ATTRIBUTE = "relay4j_message";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AssistantMessages() {
    }

    /** The LangChain4j message for a relay4j assistant message. */
    public static AiMessage toAiMessage(Message message) {
        AiMessage.Builder builder = AiMessage.builder()
                .text(emptyToNull(message.content()))
                .thinking(emptyToNull(message.reasoning()))
                .toolExecutionRequests(toolExecutionRequests(message.toolCalls()));
        if (hasState(message)) {
            builder.attributes(Map.of(ATTRIBUTE, encode(message)));
        }
        return builder.build();
    }

    /** The LangChain4j request for a relay4j tool call. */
    public static ToolExecutionRequest toolExecutionRequest(ToolCall call) {
        return ToolExecutionRequest.builder().id(call.id()).name(call.name()).arguments(call.argumentsJson()).build();
    }

    /** The relay4j assistant message for {@code message}: the one it carries while it still matches, else its fields. */
    public static Message toMessage(AiMessage message) {
        Object kept = message.attributes().get(ATTRIBUTE);
        if (kept instanceof String json) {
            Optional<Message> decoded = decode(json).filter(m -> matches(m, message));
            if (decoded.isPresent()) {
                return decoded.get();
            }
        }
        List<ContentPart> parts = new ArrayList<>();
        if (message.thinking() != null && !message.thinking().isEmpty()) {
            parts.add(ReasoningPart.of(message.thinking()));
        }
        if (message.text() != null && !message.text().isEmpty()) {
            parts.add(TextPart.of(message.text()));
        }
        for (ToolExecutionRequest request : message.toolExecutionRequests()) {
            parts.add(toolCall(request));
        }
        if (parts.isEmpty()) {
            parts.add(TextPart.of(""));
        }
        return Message.assistant(parts);
    }

    private static ToolCall toolCall(ToolExecutionRequest request) {
        if (request.id() == null || request.id().isBlank()) {
            throw new IllegalArgumentException("relay4j needs the id of every tool execution request in the "
                    + "conversation (tool '" + request.name() + "' has none): it pairs each result with its call");
        }
        return ToolCall.of(request.id(), request.name(), request.arguments() == null ? "" : request.arguments());
    }

    private static List<ToolExecutionRequest> toolExecutionRequests(List<ToolCall> calls) {
        List<ToolExecutionRequest> requests = new ArrayList<>(calls.size());
        for (ToolCall call : calls) {
            requests.add(toolExecutionRequest(call));
        }
        return requests;
    }

    private static boolean matches(Message kept, AiMessage message) {
        if (!kept.content().equals(nullToEmpty(message.text()))
                || !kept.reasoning().equals(nullToEmpty(message.thinking()))) {
            return false;
        }
        List<ToolCall> calls = kept.toolCalls();
        List<ToolExecutionRequest> requests = message.toolExecutionRequests();
        if (calls.size() != requests.size()) {
            return false;
        }
        for (int i = 0; i < calls.size(); i++) {
            if (!toolExecutionRequest(calls.get(i)).equals(requests.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasState(Message message) {
        for (ContentPart part : message.parts()) {
            if (state(part).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private static Optional<ProviderState> state(ContentPart part) {
        if (part instanceof TextPart text) {
            return text.state();
        }
        if (part instanceof ReasoningPart reasoning) {
            return reasoning.state();
        }
        if (part instanceof ToolCall call) {
            return call.state();
        }
        return Optional.empty();
    }

    static String encode(Message message) {
        ArrayNode parts = JSON.createArrayNode();
        for (ContentPart part : message.parts()) {
            ObjectNode node = parts.addObject();
            if (part instanceof TextPart text) {
                node.put("kind", "text").put("text", text.text());
            } else if (part instanceof ReasoningPart reasoning) {
                node.put("kind", "reasoning").put("text", reasoning.text()).put("redacted", reasoning.isRedacted());
            } else if (part instanceof ToolCall call) {
                node.put("kind", "tool_call").put("id", call.id()).put("name", call.name())
                        .put("arguments", call.argumentsJson());
            } else {
                // an answer holds text, reasoning and tool calls only; anything else is not kept
                parts.remove(parts.size() - 1);
                continue;
            }
            state(part).ifPresent(state -> node.putObject("state").put("provider", state.provider())
                    .put("vendor", state.vendor()).put("value", state.value()));
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        root.set("parts", parts);
        return root.toString();
    }

    static Optional<Message> decode(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || root.path("version").asInt() != 1 || !root.path("parts").isArray()) {
                return Optional.empty();
            }
            List<ContentPart> parts = new ArrayList<>();
            for (JsonNode node : root.path("parts")) {
                parts.add(part(node));
            }
            return Optional.of(Message.assistant(parts));
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            // a damaged attribute is not the caller's problem: the message is rebuilt from its fields
            return Optional.empty();
        }
    }

    private static ContentPart part(JsonNode node) {
        Optional<ProviderState> state = node.has("state")
                ? Optional.of(ProviderState.of(node.path("state").path("provider").asText(),
                        node.path("state").path("vendor").asText(), node.path("state").path("value").asText()))
                : Optional.empty();
        String kind = node.path("kind").asText();
        switch (kind) {
            case "text": {
                TextPart text = TextPart.of(node.path("text").asText());
                return state.map(text::withState).orElse(text);
            }
            case "reasoning": {
                if (node.path("redacted").asBoolean()) {
                    return ReasoningPart.redacted(state.orElseThrow(
                            () -> new IllegalArgumentException("redacted reasoning without its data")));
                }
                ReasoningPart reasoning = ReasoningPart.of(node.path("text").asText());
                return state.map(reasoning::withState).orElse(reasoning);
            }
            case "tool_call": {
                ToolCall call = ToolCall.of(node.path("id").asText(), node.path("name").asText(),
                        node.path("arguments").asText());
                return state.map(call::withState).orElse(call);
            }
            default:
                throw new IllegalArgumentException("unknown part kind " + kind);
        }
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
