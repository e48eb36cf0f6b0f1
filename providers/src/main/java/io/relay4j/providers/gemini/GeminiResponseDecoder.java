package io.relay4j.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.providers.internal.ErrorBodies;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.Json;
import java.io.IOException;
import java.util.Optional;

/**
 * Decodes a whole {@code generateContent} answer. A prompt that Gemini blocked (a {@code promptFeedback}
 * block reason), or a candidate stopped by a filter (with or without some text), is a {@link ContentFiltered}
 * error: a refusal never reaches the caller as an answer. A candidate without a finish reason is
 * {@link FinishReason#OTHER}: a complete JSON body is not a truncated answer. A broken tool call
 * ({@code MALFORMED_FUNCTION_CALL}, {@code UNEXPECTED_TOOL_CALL}, {@code TOO_MANY_TOOL_CALLS}) is an
 * {@link io.relay4j.core.error.InvalidOutput}, never an empty answer. The answer's message is built by
 * {@link GeminiAnswer} (reasoning, text and calls in Gemini's order, signatures on their parts); a {@code STOP}
 * with calls is {@link FinishReason#TOOL_CALLS}. The {@code responseId} serves as request id, since Gemini sends
 * no request-id header.
 */
final class GeminiResponseDecoder {

    private final GeminiErrors errors;
    private final String defaultModel;

    GeminiResponseDecoder(GeminiErrors errors, String defaultModel) {
        this.errors = errors;
        this.defaultModel = defaultModel;
    }

    LlmResponse decode(HttpReply reply, LlmRequest request) {
        JsonNode body = parse(reply);
        if (GeminiErrors.isError(body)) {
            throw errors.fromReply(reply);
        }
        Optional<String> responseId = Optional.ofNullable(body.path("responseId").asText(null));
        ErrorDetails details = ErrorDetails.of(reply.provider()).withStatus(reply.status())
                .withRequestId(responseId.orElse(null));
        Optional<String> blocked = GeminiResponseReader.blockReason(body);
        if (blocked.isPresent()) {
            throw new ContentFiltered("Gemini blocked the prompt", details.withVendorCode(blocked.get()));
        }
        if (!GeminiResponseReader.hasCandidates(body)) {
            throw new MalformedResponse("the answer has no candidates", details);
        }
        Optional<String> raw = GeminiResponseReader.rawFinishReason(body);
        if (raw.filter(GeminiResponseReader::isBrokenToolCall).isPresent()) {
            throw GeminiResponseReader.brokenToolCall(raw.get(), details);
        }
        if (raw.map(GeminiResponseReader::finishReason).orElse(null) == FinishReason.CONTENT_FILTER) {
            throw new ContentFiltered("Gemini withheld the answer", details.withVendorCode(raw.get()));
        }
        GeminiAnswer answer = new GeminiAnswer(reply.provider(), request);
        answer.add(GeminiResponseReader.parts(body), details);
        FinishReason finish = raw.map(r -> GeminiResponseReader.finishReason(r, answer.hasToolCalls()))
                .orElse(FinishReason.OTHER);
        Usage usage = GeminiResponseReader.usageMetadata(body).map(GeminiResponseReader::usage).orElse(Usage.NONE);
        String model = body.path("modelVersion").asText(defaultModel);
        return LlmResponse.builder().message(answer.message()).provider(reply.provider()).model(model).usage(usage)
                .latency(reply.latency()).finishReason(finish).requestId(responseId).build();
    }

    private JsonNode parse(HttpReply reply) {
        JsonNode body;
        try {
            body = Json.parse(reply.body());
        } catch (IOException e) {
            // the parser's own message may quote the body (answer text, an echoed key): keep neither
            throw new MalformedResponse(ErrorBodies.kind(reply.body()) == ErrorBodies.Kind.JSON
                    ? "HTTP " + reply.status() + " with JSON that cannot be parsed" + Json.location(e)
                    : ErrorBodies.describe(reply.status(), reply.body()),
                    ErrorDetails.of(reply.provider()).withStatus(reply.status()));
        }
        if (body.isArray() && body.size() == 1) {
            body = body.get(0);
        }
        if (!body.isObject()) {
            throw new MalformedResponse("the body is not a JSON object",
                    ErrorDetails.of(reply.provider()).withStatus(reply.status()));
        }
        return body;
    }
}
