package io.relay4j.providers.azure;

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
import io.relay4j.providers.openai.TokenLimitField;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Azure OpenAI: the OpenAI Chat Completions format on a resource endpoint, authenticated with the
 * {@code api-key} header. Two URL forms:
 * <ul>
 *   <li>classic, when {@link Builder#apiVersion} is set:
 *       {@code {endpoint}/openai/deployments/{deployment}/chat/completions?api-version={version}}, where the
 *       deployment chooses the model;</li>
 *   <li>v1, without an api-version: {@code {endpoint}/openai/v1/chat/completions}, with the deployment
 *       name sent as {@code model}.</li>
 * </ul>
 * Azure's content filter always comes out as {@code ContentFiltered}: a filtered prompt (HTTP 400
 * {@code content_filter}), and a filtered answer ({@code finish_reason: "content_filter"}) whole or streamed, even
 * after some text; a filtered answer never reaches the caller with {@code FinishReason.CONTENT_FILTER}. Its
 * annotation-only stream frames are skipped.
 *
 * <p>Tools, images, structured output and reasoning are sent and read exactly as
 * {@link io.relay4j.providers.openai.OpenAiProvider} sends and reads them (the same Chat Completions body, with
 * {@code reasoning_effort} in OpenAI's levels); the provider declares every {@link Capability}, which
 * {@code capabilities(...)} narrows for a deployment whose model lacks some.
 * {@link #close()} disposes the connection pool the provider created.
 */
public final class AzureOpenAiProvider implements LlmProvider {

    private static final String VENDOR = "azure.ai.openai";

    private final HttpLlmProvider http;

    private AzureOpenAiProvider(ProviderSettings settings, OpenAiOptions options) {
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
        return http.describedAs("AzureOpenAiProvider");
    }

    /** A new builder; the endpoint and the deployment are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds an {@link AzureOpenAiProvider}; {@code name}, {@code apiKey}, {@code endpoint} and
     * {@code deployment} are required ({@code model} defaults to the deployment).
     */
    public static final class Builder extends ProviderBuilder<Builder> {

        private static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

        private String deployment;
        private String apiVersion;
        private TokenLimitField tokenLimitField = TokenLimitField.MAX_COMPLETION_TOKENS;

        private Builder() {
            super(null);
        }

        /** The resource endpoint, for example {@code https://my-resource.openai.azure.com}. */
        public Builder endpoint(String endpoint) {
            return baseUrl(endpoint);
        }

        /** The deployment to call. */
        public Builder deployment(String deployment) {
            Objects.requireNonNull(deployment, "deployment must not be null");
            if (!DEPLOYMENT.matcher(deployment).matches()) {
                throw new IllegalArgumentException("deployment must be 1-64 letters, digits, '.', '_' or '-', got '"
                        + deployment + "'");
            }
            this.deployment = deployment;
            return this;
        }

        /** Uses the classic deployment URL with this {@code api-version} (for example {@code 2024-10-21}). */
        public Builder apiVersion(String apiVersion) {
            Objects.requireNonNull(apiVersion, "apiVersion must not be null");
            if (apiVersion.isBlank()) {
                throw new IllegalArgumentException("apiVersion must not be blank");
            }
            this.apiVersion = apiVersion.strip();
            return this;
        }

        /** The field for the output-token limit (default {@code max_completion_tokens}; older api-versions need {@code max_tokens}). */
        public Builder tokenLimitField(TokenLimitField field) {
            this.tokenLimitField = Objects.requireNonNull(field, "tokenLimitField must not be null");
            return this;
        }

        @Override
        public AzureOpenAiProvider build() {
            if (!hasBaseUrl()) {
                throw new IllegalStateException(
                        "the Azure OpenAI provider has no endpoint: call endpoint(\"https://<resource>.openai.azure.com\")");
            }
            if (deployment == null) {
                throw new IllegalStateException("the Azure OpenAI provider has no deployment: call deployment(\"...\")");
            }
            if (configuredModel().isEmpty()) {
                model(deployment);
            }
            ProviderSettings s = BuilderSettings.of(this);
            String path = apiVersion != null
                    ? "/openai/deployments/" + deployment + "/chat/completions?api-version="
                            + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8)
                    : (s.baseUrl().getPath().endsWith("/openai/v1") ? "" : "/openai/v1") + "/chat/completions";
            String model = apiVersion != null ? s.model() : deployment;
            return new AzureOpenAiProvider(s, new OpenAiOptions(s.name(), model, s.apiKey(),
                    OpenAiOptions.Auth.API_KEY_HEADER, path, Map.of(), tokenLimitField, true, VENDOR,
                    OpenAiOptions.Family.OPENAI));
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected String vendorName() {
            return "Azure OpenAI";
        }
    }
}
