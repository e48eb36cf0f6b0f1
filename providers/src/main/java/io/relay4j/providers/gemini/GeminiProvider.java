package io.relay4j.providers.gemini;

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
 * Google's Gemini API ({@code POST {baseUrl}/models/{model}:generateContent}, and
 * {@code :streamGenerateContent?alt=sse} for streams). The key travels in the {@code x-goog-api-key}
 * header, never as a {@code ?key=} query parameter, which would leak it into proxy and access logs.
 *
 * <p>What the mapping guarantees:
 * <ul>
 *   <li>System messages become {@code systemInstruction}; assistant turns are {@code model} turns; the
 *       output limit, temperature and stop sequences go to {@code generationConfig}; a JSON-schema
 *       response format asks for {@code application/json} with the schema as {@code responseJsonSchema}.</li>
 *   <li>Thought summaries are not part of the answer's text; thinking tokens count as output tokens.</li>
 *   <li>Refusals are {@code ContentFiltered} errors, never answers: a blocked prompt (any
 *       {@code promptFeedback.blockReason}) and a candidate stopped by {@code SAFETY}, {@code PROHIBITED_CONTENT},
 *       {@code BLOCKLIST}, {@code SPII} or {@code RECITATION} (and their image variants), in a whole answer even
 *       with some text, and in a stream where the stop arrives, ending the stream. The vendor code is Gemini's
 *       reason; the answer never carries {@code FinishReason.CONTENT_FILTER}.</li>
 *   <li>Errors are typed by Google's canonical status: an invalid key (400 {@code API_KEY_INVALID}) is
 *       {@code AuthenticationFailed}; a region or billing precondition is a {@code PolicyViolation} (long
 *       cooldown); a 429 waits for the body's {@code RetryInfo.retryDelay} and is a spent quota only for
 *       daily or zero quotas; 503 is {@code Overloaded}.</li>
 *   <li>Gemini streams have no end marker: a stream is complete when the body ends after a finish reason,
 *       and fails with {@code MalformedResponse} when it ends without one.</li>
 * </ul>
 * The provider honours the {@link io.relay4j.core.LlmProvider} contract: one call per subscription and
 * never a resend, typed errors, cancellation releases the connection. {@link #close()} disposes the
 * connection pool the provider created.
 *
 * <pre>{@code
 * GeminiProvider gemini = GeminiProvider.builder()
 *     .name("gemini").apiKey(System.getenv("GEMINI_API_KEY")).model("gemini-2.5-flash").build();
 * }</pre>
 */
public final class GeminiProvider implements LlmProvider {

    /** The Gemini API's public endpoint, API version {@code v1beta} as Google's SDK uses. */
    public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

    private final HttpLlmProvider http;

    private GeminiProvider(ProviderSettings settings) {
        this.http = new HttpLlmProvider(settings, new GeminiProtocol(new GeminiSettings(settings.name(),
                settings.apiKey().orElseThrow(), settings.model())), "gcp.gemini", false,
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
        return http.describedAs("GeminiProvider");
    }

    /** A new builder, with the vendor's public endpoint as the base URL. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link GeminiProvider}; {@code name}, {@code apiKey} and {@code model} are required. */
    public static final class Builder extends ProviderBuilder<Builder> {

        private Builder() {
            super(DEFAULT_BASE_URL);
        }

        @Override
        public GeminiProvider build() {
            ProviderSettings s = BuilderSettings.of(this);
            if (!GeminiProtocol.isModelId(s.model())) {
                throw new IllegalStateException("provider '" + s.name() + "': model '" + s.model()
                        + "' is not a Gemini model id: use letters, digits, '.', '_' and '-' (e.g. gemini-2.5-flash)");
            }
            return new GeminiProvider(s);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected String vendorName() {
            return "Gemini";
        }
    }
}
