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
 * {@code GenerateContentResponse} with the next parts of the answer: text and thought parts become text and
 * reasoning deltas; each {@code functionCall} part arrives whole, so it is emitted at once as one complete call
 * (parallel calls come one per chunk, without an index, and keep their arrival order), preceded by one argument
 * fragment holding all its arguments when the request asked for fragments. The last chunk carries the message
 * {@link GeminiAnswer} built from every part, exactly as the whole decoder builds it, with the signatures on their
 * parts. A broken tool call ({@code MALFORMED_FUNCTION_CALL} ...) is an {@code InvalidOutput} where it arrives.
 * Gemini sends no end marker: a candidate's
 * finish reason is the finish sign, so the stream is complete when the body ends after one, and truncated (a
 * {@link MalformedResponse}) when it ends without one. Every chunk repeats the usage so far; the last one
 * counts. An {@code {"error":...}} chunk is raised as its typed error; a blocked prompt, or a candidate stopped
 * by a filter, as {@link ContentFiltered} where it arrives, whatever text came before.
 */
final class GeminiStreamParser implements StreamParser {

    private final GeminiErrors errors;
    private final ErrorDetails streamDetails;
    private final GeminiAnswer answer;
    private String model;
    private Usage usage = Usage.NONE;
    private String rawFinishReason;
    private String responseId;

    /**
     * @param streamDetails the provider (and any request id) of the stream, for the errors raised in it
     * @param answer        assembles the answer's message from every chunk's parts
     */
    GeminiStreamParser(GeminiErrors errors, ErrorDetails streamDetails, String defaultModel, GeminiAnswer answer) {
        this.errors = errors;
        this.streamDetails = streamDetails;
        this.model = defaultModel;
        this.answer = answer;
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
        if (finish.filter(GeminiResponseReader::isBrokenToolCall).isPresent()) {
            throw GeminiResponseReader.brokenToolCall(finish.get(), details());
        }
        finish.ifPresent(reason -> rawFinishReason = reason);
        return answer.add(GeminiResponseReader.parts(chunk), details());
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
        return LlmChunk.builder().finishReason(GeminiResponseReader.finishReason(rawFinishReason, answer.hasToolCalls()))
                .usage(usage).model(model).message(answer.message()).build();
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
