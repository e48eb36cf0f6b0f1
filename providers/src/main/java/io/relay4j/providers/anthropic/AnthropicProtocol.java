package io.relay4j.providers.anthropic;

import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.LlmException;
import io.relay4j.providers.internal.ErrorClassifier;
import io.relay4j.providers.internal.HttpCall;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.Redactor;
import io.relay4j.providers.internal.StreamParser;
import io.relay4j.providers.internal.WireProtocol;
import java.util.Map;
import java.util.Optional;

/**
 * Anthropic's Messages API ({@code POST /messages}, API version {@code 2023-06-01}) as a {@link WireProtocol}.
 * Request mapping: {@link AnthropicRequestEncoder}; answers: {@link AnthropicResponseDecoder}; streams:
 * {@link AnthropicStreamParser}; errors: {@link AnthropicErrors}. Thread-safe and stateless apart from the
 * per-stream parsers it creates.
 */
final class AnthropicProtocol implements WireProtocol {

    static final String API_VERSION = "2023-06-01";

    private final AnthropicSettings settings;
    private final AnthropicRequestEncoder encoder;
    private final AnthropicErrors errors;
    private final AnthropicResponseDecoder decoder;

    AnthropicProtocol(AnthropicSettings settings) {
        this.settings = settings;
        this.encoder = new AnthropicRequestEncoder(settings);
        this.errors = new AnthropicErrors(Redactor.of(Optional.of(settings.apiKey())));
        this.decoder = new AnthropicResponseDecoder(errors, settings.model());
    }

    @Override
    public HttpCall encode(LlmRequest request, boolean stream) {
        Map<String, String> headers = Map.of(
                "x-api-key", settings.apiKey().reveal(),
                "anthropic-version", API_VERSION,
                "content-type", "application/json",
                "accept", stream ? "text/event-stream" : "application/json");
        return new HttpCall("/messages", headers, encoder.encode(request, stream));
    }

    @Override
    public LlmResponse decodeResponse(HttpReply reply) {
        return decoder.decode(reply);
    }

    @Override
    public LlmException decodeError(HttpReply reply) {
        return errors.fromReply(reply);
    }

    @Override
    public StreamParser newStreamParser(HttpReply headersOnly) {
        return newStreamParser(headersOnly, LlmRequest.of(""));
    }

    @Override
    public StreamParser newStreamParser(HttpReply headersOnly, LlmRequest request) {
        ErrorDetails streamDetails = ErrorDetails.of(headersOnly.provider())
                .withRequestId(ErrorClassifier.requestId(headersOnly).orElse(null));
        return new AnthropicStreamParser(errors, headersOnly.provider(), streamDetails, settings.model(),
                request.toolCallDeltas());
    }

    @Override
    public String toString() {
        return "AnthropicProtocol[" + settings + "]";
    }
}
