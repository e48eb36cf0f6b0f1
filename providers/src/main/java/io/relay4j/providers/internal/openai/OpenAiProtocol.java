package io.relay4j.providers.internal.openai;

import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.error.LlmException;
import io.relay4j.providers.internal.ErrorClassifier;
import io.relay4j.providers.internal.HttpCall;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.Redactor;
import io.relay4j.providers.internal.StreamParser;
import io.relay4j.providers.internal.WireProtocol;
import java.time.Instant;
import java.util.Objects;

/**
 * The OpenAI Chat Completions wire protocol, shared by OpenAI, Azure OpenAI and the OpenAI-compatible
 * servers; what differs between them is in {@link OpenAiOptions}. Errors follow the shared table of
 * {@link ErrorClassifier}, which reads OpenAI's nested envelope, Azure's string codes and the flat and
 * numeric-code variants of vLLM and OpenRouter.
 */
public final class OpenAiProtocol implements WireProtocol {

    private final OpenAiOptions options;
    private final Redactor redactor;
    private final OpenAiRequestEncoder encoder;
    private final OpenAiResponseDecoder decoder;

    public OpenAiProtocol(OpenAiOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.redactor = Redactor.of(options.apiKey());
        this.encoder = new OpenAiRequestEncoder(options);
        this.decoder = new OpenAiResponseDecoder(options, redactor);
    }

    @Override
    public HttpCall encode(LlmRequest request, boolean stream) {
        return encoder.encode(request, stream);
    }

    @Override
    public LlmResponse decodeResponse(HttpReply reply) {
        return decoder.decode(reply);
    }

    @Override
    public LlmException decodeError(HttpReply reply) {
        return ErrorClassifier.fromReply(reply, redactor);
    }

    @Override
    public StreamParser newStreamParser(HttpReply headersOnly) {
        return newStreamParser(headersOnly, false);
    }

    @Override
    public StreamParser newStreamParser(HttpReply headersOnly, LlmRequest request) {
        return newStreamParser(headersOnly, request.toolCallDeltas());
    }

    private StreamParser newStreamParser(HttpReply headersOnly, boolean toolCallDeltas) {
        return new OpenAiStreamParser(options, redactor, () -> ErrorClassifier.details(headersOnly, Instant.now()),
                toolCallDeltas);
    }
}
