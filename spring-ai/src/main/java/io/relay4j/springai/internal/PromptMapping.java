package io.relay4j.springai.internal;

import io.relay4j.core.ContentPart;
import io.relay4j.core.ImagePart;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.TextPart;
import io.relay4j.core.Tool;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolResult;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.util.MimeType;

/**
 * A Spring AI {@link Prompt} as an {@link LlmRequest}: its messages in order, the portable options, and the tool
 * definitions its {@link ToolCallingChatOptions} carry (resolved by the {@link ToolCallingManager}, as Spring AI's
 * vendor models do). An assistant message this adapter returned earlier comes back as the relay4j message it was
 * made from ({@link ResponseMapping#RELAY4J_MESSAGE}), so vendor state (signatures) survives a tool loop.
 */
public final class PromptMapping {

    private final ToolCallingManager toolCallingManager;

    public PromptMapping(ToolCallingManager toolCallingManager) {
        this.toolCallingManager = toolCallingManager;
    }

    /** What resolves the tool definitions. */
    public ToolCallingManager toolCallingManager() {
        return toolCallingManager;
    }

    /** The request for {@code prompt}, whose options (never null here) are the model's defaults when it had none. */
    public LlmRequest toRequest(Prompt prompt, ChatOptions options) {
        LlmRequest.Builder request = LlmRequest.builder();
        for (org.springframework.ai.chat.messages.Message message : prompt.getInstructions()) {
            request.message(toMessage(message));
        }
        if (options.getModel() != null && !options.getModel().isBlank()) {
            request.model(options.getModel());
        }
        if (options.getMaxTokens() != null) {
            request.maxTokens(options.getMaxTokens());
        }
        if (options.getTemperature() != null) {
            request.temperature(options.getTemperature());
        }
        if (options.getTopP() != null) {
            request.topP(options.getTopP());
        }
        if (options.getStopSequences() != null && !options.getStopSequences().isEmpty()) {
            request.stop(options.getStopSequences().toArray(String[]::new));
        }
        if (options instanceof ToolCallingChatOptions toolOptions) {
            for (ToolDefinition definition : toolCallingManager.resolveToolDefinitions(toolOptions)) {
                request.tool(Tool.of(definition.name(), definition.description(), definition.inputSchema()));
            }
        }
        return request.build();
    }

    static Message toMessage(org.springframework.ai.chat.messages.Message message) {
        if (message instanceof SystemMessage system) {
            return Message.system(text(system.getText()));
        }
        if (message instanceof UserMessage user) {
            return user(user);
        }
        if (message instanceof AssistantMessage assistant) {
            return assistant(assistant);
        }
        if (message instanceof ToolResponseMessage tool) {
            List<ToolResult> results = new ArrayList<>();
            for (ToolResponseMessage.ToolResponse response : tool.getResponses()) {
                results.add(ToolResult.of(response.id(), text(response.responseData())));
            }
            return Message.toolResults(results);
        }
        throw new IllegalArgumentException("relay4j cannot send a Spring AI message of type "
                + message.getMessageType() + " (" + message.getClass().getName() + ")");
    }

    private static Message user(UserMessage user) {
        if (user.getMedia().isEmpty()) {
            return Message.user(text(user.getText()));
        }
        List<ContentPart> parts = new ArrayList<>();
        String text = text(user.getText());
        if (!text.isEmpty()) {
            parts.add(TextPart.of(text));
        }
        for (Media media : user.getMedia()) {
            parts.add(image(media));
        }
        return Message.user(parts.toArray(ContentPart[]::new));
    }

    /** Spring AI media as an image part; relay4j carries images only, so any other media is refused, not dropped. */
    private static ImagePart image(Media media) {
        MimeType mime = media.getMimeType();
        if (!"image".equalsIgnoreCase(mime.getType())) {
            throw new IllegalArgumentException("relay4j sends images only; media of type " + mime.getType() + "/"
                    + mime.getSubtype() + " is not supported");
        }
        String mediaType = mime.getType().toLowerCase(java.util.Locale.ROOT) + "/"
                + mime.getSubtype().toLowerCase(java.util.Locale.ROOT);
        Object data = media.getData();
        if (data instanceof byte[] bytes) {
            return ImagePart.of(bytes, mediaType);
        }
        if (data instanceof URL url) {
            return ImagePart.url(url.toString());
        }
        if (data instanceof String value) {
            // Media.Builder.data(String) takes a URL or the base64 of the content
            boolean url = value.regionMatches(true, 0, "https://", 0, 8) || value.regionMatches(true, 0, "http://", 0, 7)
                    || value.regionMatches(true, 0, "data:", 0, 5);
            return url ? ImagePart.url(value) : ImagePart.ofBase64(value, mediaType);
        }
        throw new IllegalArgumentException("relay4j cannot send image data of type " + data.getClass().getName());
    }

    private static Message assistant(AssistantMessage assistant) {
        Optional<Message> kept = ResponseMapping.relay4jMessage(assistant).filter(m -> sameTurn(m, assistant));
        if (kept.isPresent()) {
            return kept.get();
        }
        List<ContentPart> parts = new ArrayList<>();
        String text = text(assistant.getText());
        if (!text.isEmpty() || !assistant.hasToolCalls()) {
            parts.add(TextPart.of(text));
        }
        for (AssistantMessage.ToolCall call : assistant.getToolCalls()) {
            String arguments = call.arguments() == null || call.arguments().isBlank() ? "{}" : call.arguments();
            parts.add(ToolCall.of(call.id(), call.name(), arguments));
        }
        return Message.assistant(parts);
    }

    /**
     * Whether {@code kept} still says what {@code assistant} says (text and calls): a message the application edited
     * is sent as edited, without the state of the answer it came from.
     */
    private static boolean sameTurn(Message kept, AssistantMessage assistant) {
        if (!kept.content().equals(text(assistant.getText()))) {
            return false;
        }
        List<ToolCall> calls = kept.toolCalls();
        List<AssistantMessage.ToolCall> theirs = assistant.getToolCalls();
        if (calls.size() != theirs.size()) {
            return false;
        }
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            AssistantMessage.ToolCall their = theirs.get(i);
            if (!call.id().equals(their.id()) || !call.name().equals(their.name())
                    || !call.argumentsJson().equals(their.arguments())) {
                return false;
            }
        }
        return true;
    }

    private static String text(String text) {
        return text == null ? "" : text;
    }
}
