package io.relay4j.langchain4j.internal;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Usage;
import io.relay4j.langchain4j.Relay4jChatResponseMetadata;
import java.time.Duration;

/** relay4j answers as LangChain4j {@link ChatResponse}s carrying {@link Relay4jChatResponseMetadata}. */
public final class ResponseMapper {

    private ResponseMapper() {
    }

    /** The LangChain4j response for a whole answer. */
    public static ChatResponse toChatResponse(LlmResponse response) {
        Relay4jChatResponseMetadata.Builder metadata = Relay4jChatResponseMetadata.builder()
                .modelName(response.model())
                .tokenUsage(tokenUsage(response.usage()))
                .finishReason(finishReason(response.finishReason()))
                .provider(response.provider())
                .attempts(response.attempts())
                .cost(response.cost())
                .latency(response.latency());
        response.requestId().ifPresent(metadata::id);
        return ChatResponse.builder()
                .aiMessage(AssistantMessages.toAiMessage(response.message()))
                .metadata(metadata.build())
                .build();
    }

    /** The LangChain4j response for a stream's last chunk, which carries the whole answer. */
    public static ChatResponse toChatResponse(LlmChunk last, Duration latency) {
        Relay4jChatResponseMetadata.Builder metadata = Relay4jChatResponseMetadata.builder()
                .tokenUsage(tokenUsage(last.usage().orElse(Usage.NONE)))
                .provider(last.provider().orElse(""))
                .attempts(last.attempts())
                .cost(last.cost())
                .latency(latency);
        last.model().ifPresent(metadata::modelName);
        last.finishReason().map(ResponseMapper::finishReason).ifPresent(metadata::finishReason);
        return ChatResponse.builder()
                .aiMessage(AssistantMessages.toAiMessage(last.message().orElseThrow(
                        () -> new IllegalStateException("a stream's last chunk carries the whole answer"))))
                .metadata(metadata.build())
                .build();
    }

    static TokenUsage tokenUsage(Usage usage) {
        return new TokenUsage(count(usage.inputTokens()), count(usage.outputTokens()), count(usage.totalTokens()));
    }

    private static int count(long tokens) {
        return (int) Math.min(Integer.MAX_VALUE, tokens);
    }

    static FinishReason finishReason(io.relay4j.core.FinishReason reason) {
        return switch (reason) {
            case STOP -> FinishReason.STOP;
            case LENGTH -> FinishReason.LENGTH;
            case TOOL_CALLS -> FinishReason.TOOL_EXECUTION;
            case CONTENT_FILTER -> FinishReason.CONTENT_FILTER;
            case OTHER -> FinishReason.OTHER;
        };
    }
}
