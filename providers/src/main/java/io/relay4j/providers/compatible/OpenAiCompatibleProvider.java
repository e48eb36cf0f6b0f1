package io.relay4j.providers.compatible;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.ProviderInfo;
import io.relay4j.providers.ProviderBuilder;
import io.relay4j.providers.internal.http.BuilderSettings;
import io.relay4j.providers.internal.http.HttpLlmProvider;
import io.relay4j.providers.internal.http.ProviderSettings;
import io.relay4j.providers.internal.openai.OpenAiOptions;
import io.relay4j.providers.internal.openai.OpenAiProtocol;
import io.relay4j.providers.openai.TokenLimitField;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A server that speaks the OpenAI Chat Completions format: Ollama, vLLM, Groq, Mistral, DeepSeek,
 * OpenRouter, Together or any other, chosen with a {@link CompatibleServer} preset. Tolerant of what
 * these servers do differently: SSE comment lines, nested and flat error bodies with string or numeric
 * codes, streams without usage, blank lines before a JSON body. {@link #close()} disposes the connection
 * pool the provider created.
 *
 * <p>Content goes as for {@link io.relay4j.providers.openai.OpenAiProvider} (text-only messages as strings, so
 * strict servers see the plain form), with two differences: {@code reasoning_effort} takes only {@code low},
 * {@code medium} and {@code high} ({@code MINIMAL} is sent as {@code low}, {@code MAX} as {@code high}, and
 * {@code Reasoning.off()} sends nothing), and reasoning the server returned ({@code reasoning_content} of DeepSeek
 * and vLLM, {@code reasoning} of Ollama) is kept on the answer bound to this provider and sent back to it on the
 * next turn, which DeepSeek's thinking-mode tool loops require; no other provider ever receives it (Mistral refuses
 * it). Streams survive the tool-call quirks of these servers: every parallel call on index 0 with a new id, 1-based
 * indices, whole calls in one delta, empty arguments. Gemini's {@code MALFORMED_FUNCTION_CALL} finish through its
 * OpenAI endpoint is an {@code InvalidOutput}, and a call's {@code extra_content} (its thought signature) goes back
 * to the same provider. What each preset declares it can serve is listed in {@link CompatibleServer}.
 *
 * <pre>{@code
 * LlmProvider local = OpenAiCompatibleProvider.builder(CompatibleServer.OLLAMA)
 *     .name("ollama").model("llama3.2").build();
 * }</pre>
 */
public final class OpenAiCompatibleProvider implements LlmProvider {

    private final HttpLlmProvider http;

    private OpenAiCompatibleProvider(ProviderSettings settings, OpenAiOptions options, CompatibleServer server) {
        this.http = new HttpLlmProvider(settings, new OpenAiProtocol(options), server.vendor(), false,
                server.capabilities());
    }

    @Override
    public String name() {
        return http.name();
    }

    @Override
    public ProviderInfo info() {
        return http.info();
    }

    @Override
    public Mono<LlmResponse> generate(LlmRequest request) {
        return http.generate(request);
    }

    @Override
    public Flux<LlmChunk> stream(LlmRequest request) {
        return http.stream(request);
    }

    /**
     * Disposes the connection pool this provider created, without blocking; idempotent. Calls in flight finish;
     * a call made after it fails at once with a {@code TransportError}. A pool passed with
     * {@code connectionProvider(...)} is left to its owner.
     */
    @Override
    public void close() {
        http.close();
    }

    /** Name, vendor, model and endpoint; never the key. */
    @Override
    public String toString() {
        return http.describedAs("OpenAiCompatibleProvider");
    }

    /** A builder with the server's defaults (endpoint, key requirement, token field); each can be overridden. */
    public static Builder builder(CompatibleServer server) {
        return new Builder(Objects.requireNonNull(server, "server must not be null"));
    }

    /** Builds an {@link OpenAiCompatibleProvider}; {@code name} and {@code model} are always required. */
    public static final class Builder extends ProviderBuilder<Builder> {

        private final CompatibleServer server;
        private TokenLimitField tokenLimitField;
        private boolean includeStreamUsage;

        private Builder(CompatibleServer server) {
            super(server.defaultBaseUrl().orElse(null));
            this.server = server;
            this.tokenLimitField = server.tokenLimitField();
            this.includeStreamUsage = server.includeStreamUsage();
        }

        /** The field for the output-token limit (the preset's by default). */
        public Builder tokenLimitField(TokenLimitField field) {
            this.tokenLimitField = Objects.requireNonNull(field, "tokenLimitField must not be null");
            return this;
        }

        /** Whether streams send {@code stream_options.include_usage} (the preset's by default). */
        public Builder includeStreamUsage(boolean include) {
            this.includeStreamUsage = include;
            return this;
        }

        @Override
        public OpenAiCompatibleProvider build() {
            ProviderSettings s = BuilderSettings.of(this);
            return new OpenAiCompatibleProvider(s, new OpenAiOptions(s.name(), s.model(), s.apiKey(),
                    OpenAiOptions.Auth.BEARER, "/chat/completions", Map.of(), tokenLimitField, includeStreamUsage,
                    server.vendor(), OpenAiOptions.Family.COMPATIBLE), server);
        }

        @Override
        protected boolean requiresApiKey() {
            return server.requiresApiKey();
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected String vendorName() {
            return server.displayName();
        }
    }
}
