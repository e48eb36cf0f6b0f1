package io.relay4j.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import io.relay4j.core.ContentPart;
import io.relay4j.core.ImagePart;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.Reasoning;
import io.relay4j.core.Role;
import io.relay4j.core.TextPart;
import io.relay4j.core.ToolChoice;
import io.relay4j.core.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A LangChain4j {@link ChatRequest} as a relay4j {@link LlmRequest}.
 *
 * <ul>
 *   <li>Messages: system text; user text and images (inline base64 or URL; a user's {@code name} is not sent);
 *       assistant messages through {@link AssistantMessages} (text, thinking, tool calls, kept vendor state);
 *       consecutive tool execution results as one relay4j {@link Role#TOOL} message, text and images, error flag
 *       included. Audio, video, PDF and custom messages have no relay4j equivalent and are refused with
 *       {@link UnsupportedFeatureException} before any provider is called.</li>
 *   <li>Parameters: model name (a model id or a router alias), temperature, top-p, max output tokens, stop sequences,
 *       tool specifications ({@link ToolSchemas}), tool choice, response format. Top-k and the frequency and
 *       presence penalties are refused with {@link UnsupportedFeatureException}, as LangChain4j's own models refuse
 *       parameters their API lacks: relay4j does not send them, and dropping them silently would change
 *       answers.</li>
 * </ul>
 */
public final class RequestMapper {

    private RequestMapper() {
    }

    /**
     * The relay4j request for {@code request}.
     *
     * @param toolCallDeltas whether a stream should carry tool-call argument fragments
     * @param reasoning      the model's reasoning setting (LangChain4j's common parameters have none)
     */
    public static LlmRequest toLlmRequest(ChatRequest request, boolean toolCallDeltas,
            Optional<Reasoning> reasoning) {
        LlmRequest.Builder builder = LlmRequest.builder().messages(messages(request.messages()));
        parameters(request.parameters(), builder);
        reasoning.ifPresent(builder::reasoning);
        return builder.toolCallDeltas(toolCallDeltas).build();
    }

    static List<Message> messages(List<ChatMessage> messages) {
        List<Message> out = new ArrayList<>(messages.size());
        List<ToolResult> results = new ArrayList<>();
        for (ChatMessage message : messages) {
            if (message instanceof ToolExecutionResultMessage result) {
                results.add(toolResult(result));
                continue;
            }
            flush(results, out);
            out.add(message(message));
        }
        flush(results, out);
        return out;
    }

    private static void flush(List<ToolResult> results, List<Message> out) {
        if (!results.isEmpty()) {
            out.add(Message.toolResults(results));
            results.clear();
        }
    }

    private static Message message(ChatMessage message) {
        if (message instanceof SystemMessage system) {
            return Message.system(system.text());
        }
        if (message instanceof UserMessage user) {
            return Message.of(Role.USER, parts(user.contents()));
        }
        if (message instanceof AiMessage ai) {
            return AssistantMessages.toMessage(ai);
        }
        throw new UnsupportedFeatureException("relay4j does not send " + message.type() + " messages");
    }

    private static ToolResult toolResult(ToolExecutionResultMessage result) {
        if (result.id() == null || result.id().isBlank()) {
            throw new IllegalArgumentException("relay4j needs the id of every tool execution result (tool '"
                    + result.toolName() + "' has none): it pairs each result with its call");
        }
        List<ContentPart> content = parts(result.contents());
        if (Boolean.TRUE.equals(result.isError())) {
            // a relay4j error result is text; images a failed tool returned are not sent
            StringBuilder text = new StringBuilder();
            for (ContentPart part : content) {
                if (part instanceof TextPart t) {
                    text.append(t.text());
                }
            }
            return ToolResult.error(result.id(), text.toString());
        }
        return ToolResult.of(result.id(), content);
    }

    private static List<ContentPart> parts(List<Content> contents) {
        List<ContentPart> parts = new ArrayList<>(contents.size());
        for (Content content : contents) {
            if (content instanceof TextContent text) {
                parts.add(TextPart.of(text.text()));
            } else if (content instanceof ImageContent image) {
                parts.add(image(image.image()));
            } else {
                throw new UnsupportedFeatureException("relay4j sends text and images, not " + content.type()
                        + " content");
            }
        }
        return parts;
    }

    private static ImagePart image(Image image) {
        if (image.url() != null) {
            return ImagePart.url(image.url().toString());
        }
        if (image.base64Data() == null || image.mimeType() == null) {
            throw new IllegalArgumentException("an inline image needs its base64 data and its MIME type");
        }
        return ImagePart.ofBase64(image.base64Data(), image.mimeType());
    }

    private static void parameters(ChatRequestParameters parameters, LlmRequest.Builder builder) {
        if (parameters == null) {
            return;
        }
        refuse(parameters.topK() != null, "topK");
        refuse(parameters.frequencyPenalty() != null, "frequencyPenalty");
        refuse(parameters.presencePenalty() != null, "presencePenalty");
        if (parameters.modelName() != null) {
            builder.model(parameters.modelName());
        }
        if (parameters.temperature() != null) {
            builder.temperature(parameters.temperature());
        }
        if (parameters.topP() != null) {
            builder.topP(parameters.topP());
        }
        if (parameters.maxOutputTokens() != null) {
            builder.maxTokens(parameters.maxOutputTokens());
        }
        if (parameters.stopSequences() != null) {
            builder.stop(parameters.stopSequences().toArray(String[]::new));
        }
        List<ToolSpecification> tools = parameters.toolSpecifications();
        if (tools != null) {
            for (ToolSpecification tool : tools) {
                builder.tool(ToolSchemas.tool(tool));
            }
        }
        if (parameters.toolChoice() != null) {
            builder.toolChoice(switch (parameters.toolChoice()) {
                case AUTO -> ToolChoice.auto();
                case NONE -> ToolChoice.none();
                case REQUIRED -> ToolChoice.required();
            });
        }
        if (parameters.responseFormat() != null && parameters.responseFormat().type() == ResponseFormatType.JSON) {
            builder.responseFormat(parameters.responseFormat().jsonSchema() == null
                    ? ToolSchemas.anyJsonObject()
                    : ToolSchemas.responseFormat(parameters.responseFormat().jsonSchema()));
        }
    }

    private static void refuse(boolean set, String parameter) {
        if (set) {
            throw new UnsupportedFeatureException("'" + parameter + "' is not supported by relay4j: no provider "
                    + "it routes to is sent it, so the answer would differ from what was asked");
        }
    }
}
