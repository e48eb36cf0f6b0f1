package io.relay4j.providers.openai;

import io.relay4j.core.Capability;
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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * OpenAI's Chat Completions API ({@code POST {baseUrl}/chat/completions}, {@code Authorization: Bearer}).
 * Streams ask for usage ({@code stream_options.include_usage}), so the last chunk carries token counts; a stream
 * with a {@code finish_reason} is complete even if the body ends before {@code [DONE]}. Refusals are
 * {@code ContentFiltered} errors, never answers: a 400 {@code content_policy_violation}, a {@code content_filter}
 * finish reason, or a {@code refusal} message (whole) or delta (streamed, ending the stream where it arrives).
 *
 * <p>Content: text-only messages go as {@code "content": "<string>"}; images as {@code image_url} parts (inline
 * images as {@code data:} URLs); tool calls as {@code tool_calls}, tool results as one {@code role: tool} message per
 * result (a failed tool's text prefixed with {@code "Error: "}; a result's images follow in a user message, since
 * Chat Completions carries none in a tool message); tools, {@code tool_choice}, {@code parallel_tool_calls},
 * {@code top_p}, {@code seed}, {@code response_format} (json_schema), and {@code reasoning_effort}
 * ({@code MINIMAL→minimal} ... {@code MAX→xhigh}, a token budget the nearest level: below 4,096 {@code low}, below
 * 16,384 {@code medium}, below 32,768 {@code high}, else {@code xhigh}; off is {@code none}). Reasoning parts of a
 * conversation are never sent (Chat Completions takes none). The request's {@code providerFields} for this
 * provider's name are merged in last. Answers: tool calls (arguments that are not a JSON object are an
 * {@code InvalidOutput}), reasoning tokens and cached tokens in the usage; streamed calls are emitted once each,
 * complete, at the finish reason, and the last chunk carries the whole assistant message. Declares every
 * {@link Capability}.
 *
 * <p>The provider honours the {@link io.relay4j.core.LlmProvider} contract: one call per subscription and
 * never a resend, typed errors, cancellation releases the connection. {@link #close()} disposes the
 * connection pool the provider created.
 *
 * <pre>{@code
 * OpenAiProvider openai = OpenAiProvider.builder()
 *     .name("openai").apiKey(System.getenv("OPENAI_API_KEY")).model("gpt-4o-mini").build();
 * }</pre>
 */
public final class OpenAiProvider implements LlmProvider {

    /** OpenAI's public endpoint. */
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    private static final String VENDOR = "openai";

    private final HttpLlmProvider http;

    private OpenAiProvider(ProviderSettings settings, OpenAiOptions options) {
        this.http = new HttpLlmProvider(settings, new OpenAiProtocol(options), VENDOR, false,
                EnumSet.allOf(Capability.class));
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
        return http.describedAs("OpenAiProvider");
    }

    /** A new builder, with the vendor's public endpoint as the base URL. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link OpenAiProvider}; {@code name}, {@code apiKey} and {@code model} are required. */
    public static final class Builder extends ProviderBuilder<Builder> {

        private final Map<String, String> vendorHeaders = new LinkedHashMap<>();
        private TokenLimitField tokenLimitField = TokenLimitField.MAX_COMPLETION_TOKENS;

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /** Sends {@code OpenAI-Organization}, for keys that belong to several organizations. */
        public Builder organization(String organization) {
            vendorHeaders.put("OpenAI-Organization", nonBlank(organization, "organization"));
            return this;
        }

        /** Sends {@code OpenAI-Project}, to bill and limit a project. */
        public Builder project(String project) {
            vendorHeaders.put("OpenAI-Project", nonBlank(project, "project"));
            return this;
        }

        /** The field for the output-token limit (default {@code max_completion_tokens}). */
        public Builder tokenLimitField(TokenLimitField field) {
            this.tokenLimitField = Objects.requireNonNull(field, "tokenLimitField must not be null");
            return this;
        }

        @Override
        public OpenAiProvider build() {
            ProviderSettings s = BuilderSettings.of(this);
            return new OpenAiProvider(s, new OpenAiOptions(s.name(), s.model(), s.apiKey(), OpenAiOptions.Auth.BEARER,
                    "/chat/completions", vendorHeaders, tokenLimitField, true, VENDOR, OpenAiOptions.Family.OPENAI));
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected String vendorName() {
            return "OpenAI";
        }

        private static String nonBlank(String value, String what) {
            Objects.requireNonNull(value, what + " must not be null");
            if (value.isBlank() || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException(what + " must be a non-blank single line");
            }
            return value.strip();
        }
    }
}
