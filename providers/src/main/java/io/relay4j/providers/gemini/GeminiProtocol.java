package io.relay4j.providers.gemini;

import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.core.error.LlmException;
import io.relay4j.providers.internal.ErrorClassifier;
import io.relay4j.providers.internal.HttpCall;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.Redactor;
import io.relay4j.providers.internal.StreamParser;
import io.relay4j.providers.internal.WireProtocol;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Gemini API's {@code generateContent} and {@code streamGenerateContent?alt=sse} as a {@link WireProtocol}.
 * The key travels in the {@code x-goog-api-key} header, never as a {@code ?key=} query parameter, because
 * URLs end up in proxy and access logs. Thread-safe; each stream gets its own parser.
 */
final class GeminiProtocol implements WireProtocol {

    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._-]+");
    /** Stands for the request when a caller has none: no assistant turns, no argument fragments. */
    private static final LlmRequest NO_REQUEST = LlmRequest.of("");

    private final GeminiSettings settings;
    private final GeminiRequestEncoder encoder;
    private final GeminiErrors errors;
    private final GeminiResponseDecoder decoder;

    GeminiProtocol(GeminiSettings settings) {
        this.settings = settings;
        this.encoder = new GeminiRequestEncoder(settings);
        this.errors = new GeminiErrors(Redactor.of(Optional.of(settings.apiKey())));
        this.decoder = new GeminiResponseDecoder(errors, settings.model());
    }

    @Override
    public HttpCall encode(LlmRequest request, boolean stream) {
        String model = modelId(request.model().orElse(settings.model()));
        String path = "/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        Map<String, String> headers = Map.of(
                "x-goog-api-key", settings.apiKey().reveal(),
                "content-type", "application/json",
                "accept", stream ? "text/event-stream" : "application/json");
        return new HttpCall(path, headers, encoder.encode(request));
    }

    /**
     * The model's id for the URL path: {@code gemini-2.5-flash} or the resource name
     * {@code models/gemini-2.5-flash}; anything that could change the path (a slash, a query) is refused.
     */
    private String modelId(String model) {
        if (!isModelId(model)) {
            throw new InvalidRequest("'" + model + "' is not a Gemini model id (letters, digits, '.', '_' and '-')",
                    ErrorDetails.of(settings.provider()));
        }
        return withoutPrefix(model);
    }

    static boolean isModelId(String model) {
        return MODEL_ID.matcher(withoutPrefix(model)).matches();
    }

    private static String withoutPrefix(String model) {
        return model.startsWith("models/") ? model.substring("models/".length()) : model;
    }

    @Override
    public LlmResponse decodeResponse(HttpReply reply) {
        return decodeResponse(reply, NO_REQUEST);
    }

    @Override
    public LlmResponse decodeResponse(HttpReply reply, LlmRequest request) {
        return decoder.decode(reply, request);
    }

    @Override
    public LlmException decodeError(HttpReply reply) {
        return errors.fromReply(reply);
    }

    @Override
    public StreamParser newStreamParser(HttpReply headersOnly) {
        return newStreamParser(headersOnly, NO_REQUEST);
    }

    @Override
    public StreamParser newStreamParser(HttpReply headersOnly, LlmRequest request) {
        ErrorDetails streamDetails = ErrorDetails.of(headersOnly.provider())
                .withRequestId(ErrorClassifier.requestId(headersOnly).orElse(null));
        return new GeminiStreamParser(errors, streamDetails, settings.model(),
                new GeminiAnswer(headersOnly.provider(), request));
    }

    @Override
    public String toString() {
        return "GeminiProtocol[" + settings + "]";
    }
}
