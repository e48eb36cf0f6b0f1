package io.relay4j.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.Reasoning;
import io.relay4j.langchain4j.internal.RequestMapper;
import io.relay4j.langchain4j.internal.ResponseMapper;
import java.util.List;
import java.util.Set;

/**
 * A LangChain4j {@link ChatModel} backed by an {@link LlmRouter}: code written against LangChain4j ({@code
 * AiServices}, chains, memories, tools) gets relay4j's failover, retries, deadlines, hedging and accounting without
 * another change.
 *
 * <pre>{@code
 * ChatModel model = Relay4jChatModel.builder().router(router).build();   // was OpenAiChatModel.builder()...
 * Assistant assistant = AiServices.builder(Assistant.class).chatModel(model).tools(new Weather()).build();
 * }</pre>
 *
 * <p>It implements {@link #doChat}, so LangChain4j's {@link #chat(ChatRequest)} still merges the
 * {@link #defaultRequestParameters()} into each request and calls the {@link #listeners()} around it. Mapped: system,
 * user (text and images), assistant (text, thinking, tool calls) and tool-result messages; model name (a model id or
 * a router alias), temperature, top-p, max output tokens, stop sequences, tool specifications, tool choice and JSON
 * response formats. Refused with {@code UnsupportedFeatureException} before any provider is called: top-k, the
 * frequency and presence penalties, and audio, video, PDF and custom messages (the README's LangChain4j section has
 * the full table).
 *
 * <p>Every response's metadata is a {@link Relay4jChatResponseMetadata}: the serving provider, the attempts, the
 * cost. An assistant message that carries vendor state (Anthropic thinking signatures, Gemini thought signatures)
 * keeps it in its {@code AiMessage} attributes, so a chat memory hands it back on the next turn. relay4j's errors
 * ({@code io.relay4j.core.error}, such as {@code AllProvidersFailed}) reach the caller unchanged.
 *
 * <p>{@code chat} blocks the calling thread until the answer (LangChain4j's synchronous contract); call it from a
 * thread that may block, never from an event loop (Reactor refuses it there with an {@code IllegalStateException}).
 * An interrupt cancels the request, which closes its HTTP exchange. Non-blocking code uses the {@link LlmRouter}
 * directly or {@link Relay4jStreamingChatModel}. Immutable and thread-safe.
 */
public final class Relay4jChatModel implements ChatModel {

    private final ModelSettings settings;

    private Relay4jChatModel(ModelSettings settings) {
        this.settings = settings;
    }

    /** A builder; only the router is required. */
    public static Builder builder() {
        return new Builder(ModelSettings.EMPTY);
    }

    /** A builder holding this model's settings. */
    public Builder toBuilder() {
        return new Builder(settings);
    }

    @Override
    public ChatResponse doChat(ChatRequest chatRequest) {
        return settings.router.generate(RequestMapper.toLlmRequest(chatRequest, false, settings.reasoning))
                .map(ResponseMapper::toChatResponse)
                .blockOptional()
                .orElseThrow(() -> new IllegalStateException("the router completed without an answer"));
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return settings.defaultRequestParameters;
    }

    @Override
    public List<ChatModelListener> listeners() {
        return settings.listeners;
    }

    @Override
    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return settings.supportedCapabilities;
    }

    /** Builds a {@link Relay4jChatModel}; each setter checks its value at once. Not thread-safe. */
    public static final class Builder {

        private ModelSettings settings;

        private Builder(ModelSettings settings) {
            this.settings = settings;
        }

        /** The router that serves every request (required). The model does not close it. */
        public Builder router(LlmRouter router) {
            settings = settings.router(router);
            return this;
        }

        /** Parameters every request starts from; a request's own parameters override them. Default: none. */
        public Builder defaultRequestParameters(ChatRequestParameters parameters) {
            settings = settings.defaultRequestParameters(parameters);
            return this;
        }

        /**
         * How much the model reasons, on every request (LangChain4j's common parameters have no such setting).
         * Default: the provider's default. The router sends such a request only to providers that declare reasoning.
         */
        public Builder reasoning(Reasoning reasoning) {
            settings = settings.reasoning(reasoning);
            return this;
        }

        /** Listeners that see each request, response and error. Default: none. */
        public Builder listeners(List<ChatModelListener> listeners) {
            settings = settings.listeners(listeners);
            return this;
        }

        /**
         * What the model tells LangChain4j it supports. Default: {@code RESPONSE_FORMAT_JSON_SCHEMA}, so
         * {@code AiServices} asks for structured output with a schema (the router sends such a request only to
         * providers that declare structured output). An empty set makes LangChain4j describe the format in the prompt.
         */
        public Builder supportedCapabilities(Set<Capability> capabilities) {
            settings = settings.supportedCapabilities(capabilities);
            return this;
        }

        /** The model; refused with {@link IllegalStateException} when no router was set. */
        public Relay4jChatModel build() {
            return new Relay4jChatModel(settings.checked("Relay4jChatModel"));
        }
    }
}
