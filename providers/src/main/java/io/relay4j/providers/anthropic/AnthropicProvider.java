package io.relay4j.providers.anthropic;

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
import java.util.EnumSet;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Anthropic's Messages API ({@code POST {baseUrl}/messages}, {@code x-api-key},
 * {@code anthropic-version: 2023-06-01}).
 *
 * <p>What the mapping guarantees:
 * <ul>
 *   <li>System messages become the top-level {@code system} prompt; consecutive turns of one role are
 *       merged (as block lists when any of them is more than plain text); a last assistant message without tool
 *       calls is a prefill the model continues ({@code info().acceptsAssistantPrefill()} is true).</li>
 *   <li>Messages that are more than text are content blocks: images ({@code base64} or {@code url} sources),
 *       {@code tool_use} blocks for the calls, and the results of one assistant turn as {@code tool_result} blocks
 *       (with {@code is_error}, text and images) in one user message, before any text that follows them.
 *       Reasoning goes back as {@code thinking}/{@code redacted_thinking} blocks only to the provider (by name, of
 *       vendor {@code anthropic}) that produced it; any other reasoning is dropped.</li>
 *   <li>Every request carries {@code max_tokens}, which Anthropic requires: the request's, else
 *       {@link Builder#defaultMaxTokens(int)} (default {@value #DEFAULT_MAX_TOKENS}); with a reasoning budget and
 *       no {@code maxTokens}, the budget plus that default (a {@code maxTokens} not above the budget is an
 *       {@code InvalidRequest}).</li>
 *   <li>The temperature is clamped to Anthropic's range 0..1; {@code top_p} is sent; {@code seed} is ignored (the
 *       API has none). With thinking on, the temperature is not sent and {@code top_p} is at least 0.95, as the
 *       API requires.</li>
 *   <li>Tools are {@code tools} with {@code input_schema} and {@code strict}; the tool choice is {@code auto},
 *       {@code any}, {@code none} or one named tool, with {@code disable_parallel_tool_use} when parallel calls
 *       are off.</li>
 *   <li>A JSON-schema response format is {@code output_config.format} ({@code json_schema}): the vendor holds
 *       the answer to the schema.</li>
 *   <li>Reasoning: a budget is {@code thinking: enabled} with {@code budget_tokens}; an effort is adaptive thinking
 *       with {@code output_config.effort} ({@code MINIMAL}/{@code LOW} low, {@code MEDIUM} medium, {@code HIGH}
 *       high, {@code MAX} max); off is {@code thinking: disabled}. A budget with a forced tool choice is an
 *       {@code InvalidRequest} (the API refuses it); a tool loop whose last assistant turn has no thinking block of
 *       this provider, or a conversation ending in a prefill, is sent without {@code thinking}, which the API would
 *       otherwise refuse.</li>
 *   <li>Answers, whole and streamed, are assistant messages of text, reasoning (thinking with its signature,
 *       redacted thinking with its data) and tool calls in the vendor's order; a stream emits text and reasoning
 *       deltas, each tool call once at its block's end (argument fragments too when the request asks), and a last
 *       chunk with the whole message, so a folded stream equals {@code generate}. Server-tool blocks are left out.
 *       Tool-call input that is not a JSON object is an {@code InvalidOutput}.</li>
 *   <li>The request's {@code providerFields} for this provider's name are merged into the body last.</li>
 *   <li>Cached prompt tokens (cache reads and writes) count as input; cache reads are reported as cached;
 *       {@code output_tokens_details.thinking_tokens} are the reasoning tokens.</li>
 *   <li>A refused tool conversation (an orphan tool result, a call without its result, a missing thinking block)
 *       is an {@code InvalidRequest} saying at which message of the body sent and why.</li>
 *   <li>Errors are typed by Anthropic's error type (529 {@code overloaded_error} is {@code Overloaded}, 402
 *       {@code billing_error} a spent quota, 413 and "prompt is too long" {@code ContextLengthExceeded}),
 *       in responses and inside streams alike, with {@code retry-after}, the {@code anthropic-ratelimit-*}
 *       counters and the request id.</li>
 *   <li>A {@code refusal} stop reason is a {@code ContentFiltered} error, in a whole answer (even with some
 *       text before it) and in a stream (where it arrives, ending the stream): a refusal never reaches the caller
 *       as a normal answer, and the answer never carries {@code FinishReason.CONTENT_FILTER}.</li>
 *   <li>A stream is finished once a {@code message_delta} carries a stop reason: it completes with that reason
 *       and usage at {@code message_stop}, or when the body ends without it; one cut before any stop reason
 *       fails with {@code MalformedResponse}.</li>
 * </ul>
 * The provider honours the {@link io.relay4j.core.LlmProvider} contract: one call per subscription and
 * never a resend, typed errors, cancellation releases the connection. {@link #close()} disposes the
 * connection pool the provider created.
 *
 * <pre>{@code
 * AnthropicProvider claude = AnthropicProvider.builder()
 *     .name("anthropic").apiKey(System.getenv("ANTHROPIC_API_KEY")).model("claude-sonnet-4-5").build();
 * }</pre>
 */
public final class AnthropicProvider implements LlmProvider {

    /** Anthropic's public endpoint. */
    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com/v1";

    /** The {@code max_tokens} sent when neither the request nor the builder sets one. */
    public static final int DEFAULT_MAX_TOKENS = 1024;

    private final HttpLlmProvider http;

    private AnthropicProvider(ProviderSettings settings, AnthropicSettings protocolSettings) {
        // Claude continues a last assistant message, which lets the router resume a stream by prefill
        this.http = new HttpLlmProvider(settings, new AnthropicProtocol(protocolSettings), "anthropic", true,
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
        return http.describedAs("AnthropicProvider");
    }

    /** A new builder, with the vendor's public endpoint as the base URL. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link AnthropicProvider}; {@code name}, {@code apiKey} and {@code model} are required. */
    public static final class Builder extends ProviderBuilder<Builder> {

        private int defaultMaxTokens = DEFAULT_MAX_TOKENS;

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        /** The {@code max_tokens} for requests that set none (default {@value #DEFAULT_MAX_TOKENS}). */
        public Builder defaultMaxTokens(int maxTokens) {
            if (maxTokens < 1) {
                throw new IllegalArgumentException("defaultMaxTokens must be at least 1, got " + maxTokens);
            }
            this.defaultMaxTokens = maxTokens;
            return this;
        }

        @Override
        public AnthropicProvider build() {
            ProviderSettings s = BuilderSettings.of(this);
            return new AnthropicProvider(s,
                    new AnthropicSettings(s.name(), s.apiKey().orElseThrow(), s.model(), defaultMaxTokens));
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected String vendorName() {
            return "Anthropic";
        }
    }
}
