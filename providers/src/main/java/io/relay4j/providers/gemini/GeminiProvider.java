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
 *   <li>Messages are made of parts: text, images ({@code inlineData} for bytes, {@code fileData.fileUri} for an
 *       HTTPS URL, its {@code mimeType} read from the URL's extension or left to Gemini), tool calls
 *       ({@code functionCall}) and tool results (one {@code user} content of {@code functionResponse} parts per step,
 *       in call order, named after their calls). Tools are {@code functionDeclarations} with
 *       {@code parametersJsonSchema}; the tool choice is {@code functionCallingConfig} ({@code AUTO}, {@code NONE},
 *       {@code ANY}, {@code ANY} with {@code allowedFunctionNames}). Gemini has no switch for parallel calls:
 *       {@code parallelToolCalls(false)} is not honoured.</li>
 *   <li>The reasoning setting is {@code thinkingConfig}: a {@code thinkingLevel} on Gemini 3 models (off is the
 *       lowest level: Gemini 3 cannot turn thinking off), a {@code thinkingBudget} on earlier ones (off is 0, or 128
 *       on 2.5 Pro), never both, with {@code includeThoughts} when reasoning is on. {@code topP} and {@code seed} go
 *       to {@code generationConfig}; the request's provider fields for this provider are merged last.</li>
 *   <li>Answers are assistant messages: thought summaries are reasoning parts (never text), function calls are
 *       tool calls (finish reason {@code TOOL_CALLS}), each {@code thoughtSignature} is kept as state on the part
 *       that carried it and sent back on it, to this provider only (never to another provider or vendor). A call
 *       without Gemini's id (2.5 models) gets a deterministic id ({@code relay4j-gemini-<turn>-<position>}) that
 *       is never sent to Gemini. On Gemini 3, the first call of a step that lacks this provider's signature (a call
 *       another vendor made) is sent with Gemini's documented placeholder signature.</li>
 *   <li>A broken tool call ({@code MALFORMED_FUNCTION_CALL}, {@code UNEXPECTED_TOOL_CALL},
 *       {@code TOO_MANY_TOOL_CALLS}) is an {@code InvalidOutput}, which falls over by default, never an empty
 *       answer. Thinking tokens count as output tokens and as reasoning tokens.</li>
 *   <li>Streams emit text and reasoning deltas and each function call complete as it arrives (argument fragments,
 *       one per call, only when the request asks for them); the last chunk carries the whole message, the same as
 *       {@code generate} returns for the same answer.</li>
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
