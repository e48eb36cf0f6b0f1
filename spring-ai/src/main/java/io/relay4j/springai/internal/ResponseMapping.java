package io.relay4j.springai.internal;

import io.relay4j.core.Attempt;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Message;
import io.relay4j.core.ToolCall;
import io.relay4j.core.Usage;
import io.relay4j.springai.Relay4jChatMetadata;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

/**
 * relay4j answers as Spring AI {@link ChatResponse}s: the assistant message (text, tool calls with id, name and
 * arguments) with the relay4j message it came from in its properties, the finish reason, and in the response
 * metadata the serving provider, the attempts, the cost and the usage ({@link Relay4jChatMetadata}).
 */
public final class ResponseMapping {

    /**
     * The property of an {@link AssistantMessage} that holds the relay4j {@link Message} it was made from, with the
     * vendor state (signatures) the next turn must send back.
     */
    public static final String RELAY4J_MESSAGE = "relay4j.message";

    /** Spring AI's type of a function tool call, as its vendor models write it. */
    private static final String FUNCTION = "function";

    private ResponseMapping() {
    }

    /** A whole answer. */
    public static ChatResponse toChatResponse(LlmResponse response) {
        AssistantMessage output = assistant(response.content(), response.message());
        Generation generation = new Generation(output, finish(response.finishReason()));
        return new ChatResponse(List.of(generation), metadata(response.requestId(), response.model(),
                response.usage(), response.provider(), response.attempts(), response.cost()));
    }

    /**
     * One streamed piece, or empty for a piece Spring AI has no place for (reasoning deltas, a complete tool call
     * before the last chunk: the calls come once, on the last response, as Spring AI's aggregation expects).
     */
    public static Optional<ChatResponse> toChatResponse(LlmChunk chunk) {
        if (!chunk.isLast()) {
            return chunk.text().isEmpty() ? Optional.empty()
                    : Optional.of(new ChatResponse(List.of(new Generation(new AssistantMessage(chunk.text())))));
        }
        // the last chunk carries only its own text (the earlier text was streamed); the whole message is kept for
        // the next turn, and its tool calls are the answer's
        Message message = chunk.message().orElseGet(() -> Message.assistant(chunk.text()));
        AssistantMessage output = assistant(chunk.text(), message);
        Generation generation = new Generation(output, finish(chunk.finishReason().orElse(FinishReason.STOP)));
        return Optional.of(new ChatResponse(List.of(generation), metadata(Optional.empty(),
                chunk.model().orElse(""), chunk.usage().orElse(Usage.NONE), chunk.provider().orElse(""),
                chunk.attempts(), chunk.cost())));
    }

    /** The relay4j message an assistant message of this adapter was made from, if it carries one. */
    static Optional<Message> relay4jMessage(AssistantMessage assistant) {
        Object kept = assistant.getMetadata().get(RELAY4J_MESSAGE);
        return kept instanceof Message message ? Optional.of(message) : Optional.empty();
    }

    private static AssistantMessage assistant(String text, Message message) {
        List<AssistantMessage.ToolCall> calls = new ArrayList<>();
        for (ToolCall call : message.toolCalls()) {
            calls.add(new AssistantMessage.ToolCall(call.id(), FUNCTION, call.name(), call.argumentsJson()));
        }
        return AssistantMessage.builder().content(text).toolCalls(calls)
                .properties(Map.of(RELAY4J_MESSAGE, message)).build();
    }

    private static ChatGenerationMetadata finish(FinishReason reason) {
        return ChatGenerationMetadata.builder().finishReason(reason.name()).build();
    }

    private static ChatResponseMetadata metadata(Optional<String> id, String model, Usage usage, String provider,
                                                 List<Attempt> attempts, Optional<BigDecimal> cost) {
        ChatResponseMetadata.Builder metadata = ChatResponseMetadata.builder()
                .id(id.orElse(""))
                .model(model)
                .usage(new DefaultUsage(tokens(usage.inputTokens()), tokens(usage.outputTokens()),
                        tokens(usage.totalTokens()), usage, usage.cachedInputTokens(), null))
                .keyValue(Relay4jChatMetadata.PROVIDER, provider)
                .keyValue(Relay4jChatMetadata.ATTEMPT_COUNT, attempts.size())
                .keyValue(Relay4jChatMetadata.ATTEMPTS, List.copyOf(attempts));
        cost.ifPresent(c -> metadata.keyValue(Relay4jChatMetadata.COST, c));
        return metadata.build();
    }

    private static Integer tokens(long count) {
        return (int) Math.min(Integer.MAX_VALUE, count);
    }
}
