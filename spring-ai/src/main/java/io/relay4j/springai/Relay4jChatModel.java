package io.relay4j.springai;

import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.springai.internal.PromptMapping;
import io.relay4j.springai.internal.ResponseMapping;
import java.util.Objects;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import reactor.core.publisher.Flux;

/**
 * A Spring AI {@link ChatModel} backed by an {@link LlmRouter}: {@code ChatClient} code (advisors, tools, memory,
 * structured output) runs unchanged and gets the router's failover between providers.
 *
 * <p>What it guarantees:
 * <ul>
 *   <li><b>Messages.</b> System, user (text and images: {@code byte[]}, base64 or URL media of an {@code image/*}
 *       type; any other media is refused with an {@link IllegalArgumentException}, never dropped), assistant (text
 *       and tool calls) and tool-response messages become the relay4j conversation in order.</li>
 *   <li><b>Options.</b> The prompt's options, or {@link #getOptions()} when it has none (as Spring AI's vendor
 *       models do): model (a model id or a router alias), max tokens, temperature, top-p and stop sequences are
 *       sent; top-k and the frequency and presence penalties have no portable relay4j field and are not sent.
 *       The tool definitions of {@link ToolCallingChatOptions} (resolved by the {@link ToolCallingManager}, with
 *       their names, descriptions and input schemas) become relay4j tools.</li>
 *   <li><b>Tool calling through Spring AI.</b> Like Spring AI 2.0's vendor models, this model returns the
 *       model's tool calls (id, name, arguments; finish reason {@code TOOL_CALLS}) and does not run them:
 *       {@code ChatClient}'s {@code ToolCallingAdvisor} runs them through the {@code ToolCallingManager} and
 *       calls again with the conversation. Each turn is routed anew, so a provider that fails mid-loop is failed
 *       over from like any other.</li>
 *   <li><b>Vendor state across turns.</b> Each returned {@code AssistantMessage} carries, in its properties, the
 *       relay4j message it was made from ({@code relay4j.message}), with the opaque state some vendors require back
 *       (Anthropic thinking signatures, Gemini thought signatures). When that message comes back in a later prompt
 *       with the same text and tool calls it is sent as it was, so the state survives the tool loop, streamed or
 *       not. A message rebuilt from text (a chat memory that stores messages as text, an edited message) has lost
 *       it: it is sent without state, which Gemini 3 refuses for a function call and Anthropic for thinking
 *       followed by tool use.</li>
 *   <li><b>Metadata.</b> The serving provider, every attempt and the cost in the response metadata
 *       ({@link Relay4jChatMetadata}); the usage as Spring AI's {@code Usage}; the finish reason as the relay4j
 *       {@link io.relay4j.core.FinishReason} name.</li>
 *   <li><b>Streaming.</b> {@link #stream(Prompt)} emits the text as it arrives, then one last response with the
 *       tool calls, the finish reason, the usage and the metadata; reasoning deltas are not emitted (the last
 *       response's {@code relay4j.message} holds the reasoning). Cancelling the subscription cancels the router's
 *       stream, which closes the HTTP exchange.</li>
 *   <li><b>Blocking only at the edge.</b> {@link #call(Prompt)} is blocking by Spring AI's contract: it waits on the
 *       caller's thread for the router's non-blocking answer, so it must not be called on a non-blocking thread
 *       (an event loop); use {@link #stream(Prompt)} there.</li>
 *   <li><b>Errors.</b> When no provider can answer, the router's error ({@link io.relay4j.core.error.AllProvidersFailed}
 *       and the other {@link io.relay4j.core.error.LlmException}s) is thrown by {@code call} and signalled by
 *       {@code stream}, unchanged.</li>
 * </ul>
 *
 * <p>Thread-safe and immutable. The router is not closed by this model: it belongs to whoever built it.
 */
public final class Relay4jChatModel implements ChatModel {

    private final LlmRouter router;
    private final ToolCallingChatOptions options;
    private final PromptMapping mapping;

    private Relay4jChatModel(Builder builder) {
        this.router = builder.router;
        this.options = builder.options;
        this.mapping = new PromptMapping(builder.toolCallingManager);
    }

    /** A model on {@code router} with no default options and Spring AI's default {@link ToolCallingManager}. */
    public static Relay4jChatModel of(LlmRouter router) {
        return builder(router).build();
    }

    /** A builder for a model on {@code router}. */
    public static Builder builder(LlmRouter router) {
        return new Builder(router);
    }

    /** A builder starting from this model's settings. */
    public Builder toBuilder() {
        return new Builder(router).options(options).toolCallingManager(mapping.toolCallingManager());
    }

    /**
     * The default options: used for a prompt without options, and the base {@code ChatClient} adds a call's tools
     * and options to. Always {@link ToolCallingChatOptions}, so {@code ChatClient.tools(...)} reaches the model.
     */
    @Override
    public ToolCallingChatOptions getOptions() {
        return options;
    }

    /** The answer to {@code prompt}, waiting on the caller's thread; see the class documentation. */
    @Override
    public ChatResponse call(Prompt prompt) {
        LlmRequest request = request(prompt);
        // Spring AI's call is blocking by contract: this is the one place relay4j's answer is waited for
        return router.generate(request).map(ResponseMapping::toChatResponse).block();
    }

    /** The answer to {@code prompt} as it is produced; see the class documentation. */
    @Override
    public Flux<ChatResponse> stream(Prompt prompt) {
        return Flux.defer(() -> router.stream(request(prompt)))
                .concatMapIterable(chunk -> ResponseMapping.toChatResponse(chunk).stream().toList());
    }

    private LlmRequest request(Prompt prompt) {
        Objects.requireNonNull(prompt, "prompt must not be null");
        ChatOptions requestOptions = prompt.getOptions() != null ? prompt.getOptions() : options;
        return mapping.toRequest(prompt, requestOptions);
    }

    @Override
    public String toString() {
        return "Relay4jChatModel" + router.providerNames();
    }

    /** Collects a model's settings. Not thread-safe. */
    public static final class Builder {

        private final LlmRouter router;
        private ToolCallingChatOptions options = ToolCallingChatOptions.builder().build();
        private ToolCallingManager toolCallingManager = ToolCallingManager.builder().build();

        private Builder(LlmRouter router) {
            this.router = Objects.requireNonNull(router, "router must not be null");
        }

        /**
         * The default options (model or alias, max tokens, temperature, top-p, stop sequences, default tools);
         * default: none set, so each provider uses its own model and the router's settings.
         */
        public Builder options(ToolCallingChatOptions options) {
            this.options = Objects.requireNonNull(options, "options must not be null");
            return this;
        }

        /**
         * What resolves the tool definitions of a prompt's options; default Spring AI's
         * {@code ToolCallingManager.builder().build()}. Pass the application's bean to share its resolver.
         */
        public Builder toolCallingManager(ToolCallingManager toolCallingManager) {
            this.toolCallingManager = Objects.requireNonNull(toolCallingManager, "toolCallingManager must not be null");
            return this;
        }

        /** The model. */
        public Relay4jChatModel build() {
            return new Relay4jChatModel(this);
        }
    }
}
