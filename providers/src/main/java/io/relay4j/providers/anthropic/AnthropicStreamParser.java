package io.relay4j.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.providers.internal.Json;
import io.relay4j.providers.internal.StreamParser;
import io.relay4j.streaming.sse.ServerSentEvent;
import java.io.IOException;
import java.util.List;

/**
 * Reads one Messages API event stream: {@code message_start} (model, input tokens), content blocks whose
 * {@code text_delta}s are the answer, {@code message_delta} (stop reason, running output tokens) and
 * {@code message_stop}, the end marker. {@code ping}s, non-text deltas (tool input, thinking, signatures,
 * citations) and event types added later are skipped; an {@code error} event is raised as the typed error
 * its type names.
 *
 * <p>The finish sign is a {@code message_delta} with a {@code stop_reason}: a stream that closes after it
 * without {@code message_stop} completes with that reason and the usage so far; one that ends before it is a
 * {@link MalformedResponse}. A {@code refusal} stop reason is raised as {@link ContentFiltered} where it
 * arrives, whatever text came before: a refusal never completes as an answer.
 */
final class AnthropicStreamParser implements StreamParser {

    private final AnthropicErrors errors;
    private final ErrorDetails streamDetails;
    private final AnthropicUsage usage = new AnthropicUsage();
    private String model;
    private String stopReason;
    private boolean finished;

    /** @param streamDetails the provider and request id of the stream, for the errors raised in it */
    AnthropicStreamParser(AnthropicErrors errors, ErrorDetails streamDetails, String defaultModel) {
        this.errors = errors;
        this.streamDetails = streamDetails;
        this.model = defaultModel;
    }

    @Override
    public List<LlmChunk> onEvent(ServerSentEvent event) {
        if (finished || "ping".equals(event.event()) || event.data().isBlank()) {
            return List.of();
        }
        JsonNode data = parse(event);
        String type = "message".equals(event.event()) ? data.path("type").asText() : event.event();
        switch (type) {
            case "message_start" -> {
                JsonNode message = data.path("message");
                model = message.path("model").asText(model);
                usage.update(message.path("usage"));
            }
            case "content_block_start" -> {
                return text(data.path("content_block"), "text");
            }
            case "content_block_delta" -> {
                return text(data.path("delta"), "text_delta");
            }
            case "message_delta" -> {
                usage.update(data.path("usage"));
                String reason = data.path("delta").path("stop_reason").asText(null);
                if (AnthropicResponseDecoder.finishReason(reason) == FinishReason.CONTENT_FILTER) {
                    throw new ContentFiltered("the model refused to answer", streamDetails.withVendorCode(reason));
                }
                stopReason = reason != null ? reason : stopReason;
            }
            case "message_stop" -> finished = true;
            case "error" -> throw errors.fromStreamError(streamDetails, data);
            default -> {
                // content_block_stop, ping sent as data, and event types Anthropic adds later carry no text
            }
        }
        return List.of();
    }

    private List<LlmChunk> text(JsonNode block, String textType) {
        if (!textType.equals(block.path("type").asText())) {
            return List.of();
        }
        String text = block.path("text").asText("");
        if (text.isEmpty()) {
            return List.of();
        }
        return List.of(LlmChunk.text(text));
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    @Override
    public boolean saidFinished() {
        return finished || stopReason != null;
    }

    @Override
    public LlmChunk onEnd() {
        if (!saidFinished()) {
            throw new MalformedResponse("the stream ended before a stop reason and before message_stop",
                    streamDetails);
        }
        return LlmChunk.last("", AnthropicResponseDecoder.finishReason(stopReason), usage.toUsage(), model);
    }

    private JsonNode parse(ServerSentEvent event) {
        JsonNode data;
        try {
            data = Json.parse(event.data());
        } catch (IOException e) {
            if ("error".equals(event.event())) {
                throw errors.fromUnparseableStreamError(streamDetails, event.data());
            }
            // the parser's own message may quote the event, which may hold answer text: keep neither
            throw new MalformedResponse("a '" + event.event() + "' event is not valid JSON" + Json.location(e),
                    streamDetails);
        }
        if (!data.isObject()) {
            throw new MalformedResponse("a '" + event.event() + "' event is not a JSON object", streamDetails);
        }
        return data;
    }
}
