package io.relay4j.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.Reasoning;
import io.relay4j.langchain4j.internal.RequestMapper;
import io.relay4j.langchain4j.internal.StreamBridge;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A LangChain4j {@link StreamingChatModel} backed by an {@link LlmRouter}: the answer streams through the router, which
 * fails over invisibly until the stream's commit point (see the README's router semantics).
 *
 * <pre>{@code
 * StreamingChatModel model = Relay4jStreamingChatModel.builder().router(router).build();
 * }</pre>
 *
 * <p>It implements {@link #doChat}, so LangChain4j still applies the default parameters and calls the listeners. The
 * handler gets, in order: {@code onPartialThinking} per reasoning delta, {@code onPartialResponse} per text delta,
 * {@code onPartialToolCall} per argument fragment (when {@link Builder#partialToolCalls(boolean)} is on; the
 * partial calls of one tool call share its index, and their id is null: relay4j knows it only when the call completes),
 * {@code onCompleteToolCall} once per complete call (id, name, JSON-object arguments), then exactly one of
 * {@code onCompleteResponse} (the whole answer, with {@link Relay4jChatResponseMetadata}) or {@code onError} (relay4j's
 * error, such as {@code AllProvidersFailed} or {@code StreamInterrupted}). The request is mapped as
 * {@link Relay4jChatModel} maps it, and the same parameters are refused (in {@code onError}, before any provider is
 * called).
 *
 * <p>{@code doChat} returns at once; nothing blocks. {@code streamingHandle().cancel()} from any context cancels the
 * request: the upstream HTTP exchange is closed and the handler hears nothing more. A handler method that throws ends
 * the stream the same way and receives its exception in {@code onError}. The handler is called on the
 * {@linkplain Builder#callbackScheduler(Scheduler) callback scheduler}, one call at a time. Immutable and thread-safe.
 */
public final class Relay4jStreamingChatModel implements StreamingChatModel {

    private final ModelSettings settings;
    private final boolean partialToolCalls;
    private final Scheduler callbackScheduler;

    private Relay4jStreamingChatModel(Builder builder) {
        this.settings = builder.settings.checked("Relay4jStreamingChatModel");
        this.partialToolCalls = builder.partialToolCalls;
        this.callbackScheduler = builder.callbackScheduler;
    }

    /** A builder; only the router is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this model's settings. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.settings = settings;
        builder.partialToolCalls = partialToolCalls;
        builder.callbackScheduler = callbackScheduler;
        return builder;
    }

    @Override
    public void doChat(ChatRequest chatRequest, StreamingChatResponseHandler handler) {
        StreamBridge bridge = new StreamBridge(handler);
        Flux<LlmChunk> chunks;
        try {
            chunks = settings.router.stream(
                    RequestMapper.toLlmRequest(chatRequest, partialToolCalls, settings.reasoning));
        } catch (RuntimeException e) {
            // a request relay4j cannot send (or a closed router): the handler's onError, as for any failure
            chunks = Flux.error(e);
        }
        if (callbackScheduler != Schedulers.immediate()) {
            chunks = chunks.publishOn(callbackScheduler);
        }
        chunks.subscribe(bridge);
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

    /** Builds a {@link Relay4jStreamingChatModel}; each setter checks its value at once. Not thread-safe. */
    public static final class Builder {

        private ModelSettings settings = ModelSettings.EMPTY;
        private boolean partialToolCalls = true;
        private Scheduler callbackScheduler = Schedulers.boundedElastic();

        private Builder() {
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

        /** What the model tells LangChain4j it supports; as {@link Relay4jChatModel.Builder#supportedCapabilities}. */
        public Builder supportedCapabilities(Set<Capability> capabilities) {
            settings = settings.supportedCapabilities(capabilities);
            return this;
        }

        /**
         * Whether the handler gets {@code onPartialToolCall} for argument fragments as they stream (default true). Off,
         * the router is not asked for the fragments; complete calls still arrive in {@code onCompleteToolCall}.
         */
        public Builder partialToolCalls(boolean partialToolCalls) {
            this.partialToolCalls = partialToolCalls;
            return this;
        }

        /**
         * Where the handler's methods run. Default {@link Schedulers#boundedElastic()}: LangChain4j handlers (and the
         * tools {@code AiServices} runs from them) may block, which must never happen on the network threads that
         * read the answer. {@link Schedulers#immediate()} calls the handler on those threads, with one hop less, for a
         * handler that never blocks.
         */
        public Builder callbackScheduler(Scheduler scheduler) {
            this.callbackScheduler = Objects.requireNonNull(scheduler, "callbackScheduler must not be null");
            return this;
        }

        /** The model; refused with {@link IllegalStateException} when no router was set. */
        public Relay4jStreamingChatModel build() {
            return new Relay4jStreamingChatModel(this);
        }
    }
}
