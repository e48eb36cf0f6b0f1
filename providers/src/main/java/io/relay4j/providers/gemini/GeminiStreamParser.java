package io.relay4j.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.providers.internal.Json;
import io.relay4j.providers.internal.StreamParser;
import io.relay4j.streaming.sse.ServerSentEvent;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Reads one {@code streamGenerateContent?alt=sse} stream: data-only events, each a
 * {@code GenerateContentResponse} with the next piece of text. Gemini sends no end marker: a candidate's
 * finish reason is the finish sign, so the stream is complete when the body ends after one, and truncated (a
 * {@link MalformedResponse}) when it ends without one. Every chunk repeats the usage so far; the last one
 * counts. An {@code {"error":...}} chunk is raised as its typed error; a blocked prompt, or a candidate stopped
 * by a filter, as {@link ContentFiltered} where it arrives, whatever text came before.
 */
final class GeminiStreamParser implements StreamParser {

    private final GeminiErrors errors;
    private final ErrorDetails streamDetails;
    private String model;
    private Usage usage = Usage.NONE;
    private String rawFinishReason;
    private String responseId;

    /** @param streamDetails the provider (and any request id) of the stream, for the errors raised in it */
    GeminiStreamParser(GeminiErrors errors, ErrorDetails streamDetails, String defaultModel) {
        this.errors = errors;
        this.streamDetails = streamDetails;
        this.model = defaultModel;
    }

    @Override
    public List<LlmChunk> onEvent(ServerSentEvent event) {
        if (event.data().isBlank()) {
            return List.of();
        }
        JsonNode chunk = parse(event.data());
        if (GeminiErrors.isError(chunk)) {
            throw errors.fromStreamError(details(), chunk);
        }
        responseId = chunk.path("responseId").asText(responseId);
        model = chunk.path("modelVersion").asText(model);
        GeminiResponseReader.usageMetadata(chunk).ifPresent(u -> usage = GeminiResponseReader.usage(u));
        Optional<String> blocked = GeminiResponseReader.blockReason(chunk);
        if (blocked.isPresent()) {
            throw new ContentFiltered("Gemini blocked the prompt", details().withVendorCode(blocked.get()));
        }
        if (!GeminiResponseReader.hasCandidates(chunk)) {
            return List.of();
        }
        Optional<String> finish = GeminiResponseReader.rawFinishReason(chunk);
        if (finish.map(GeminiResponseReader::finishReason).orElse(null) == FinishReason.CONTENT_FILTER) {
            throw new ContentFiltered("Gemini withheld the answer", details().withVendorCode(finish.get()));
        }
        finish.ifPresent(reason -> rawFinishReason = reason);
        String text = GeminiResponseReader.text(chunk);
        return text.isEmpty() ? List.of() : List.of(LlmChunk.text(text));
    }

    /**
     * Always false: Gemini has no end marker, and a chunk after the finish reason may still bring the final
     * usage, so the body's end is the stream's.
     */
    @Override
    public boolean isFinished() {
        return false;
    }

    @Override
    public boolean saidFinished() {
        return rawFinishReason != null;
    }

    @Override
    public LlmChunk onEnd() {
        if (rawFinishReason == null) {
            throw new MalformedResponse("the stream ended without a finish reason", details());
        }
        return LlmChunk.last("", GeminiResponseReader.finishReason(rawFinishReason), usage, model);
    }

    private JsonNode parse(String data) {
        JsonNode chunk;
        try {
            chunk = Json.parse(data);
        } catch (IOException e) {
            // the parser's own message may quote the event, which may hold answer text: keep neither
            throw new MalformedResponse("a stream event is not valid JSON" + Json.location(e), details());
        }
        if (chunk.isArray() && chunk.size() == 1) {
            chunk = chunk.get(0);
        }
        if (!chunk.isObject()) {
            throw new MalformedResponse("a stream event is not a JSON object", details());
        }
        return chunk;
    }

    private ErrorDetails details() {
        return responseId == null ? streamDetails : streamDetails.withRequestId(responseId);
    }
}
