package io.relay4j.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.ContentPart;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolCallDelta;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.providers.internal.Json;
import io.relay4j.providers.internal.StreamParser;
import io.relay4j.streaming.sse.ServerSentEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads one Messages API event stream: {@code message_start} (model, input tokens), content blocks,
 * {@code message_delta} (stop reason, running output tokens) and {@code message_stop}, the end marker.
 * {@code ping}s, citations and event types added later are skipped; an {@code error} event is raised as the typed
 * error its type names.
 *
 * <p>Content blocks are kept per {@code index} from {@code content_block_start} to {@code content_block_stop}:
 * {@code text_delta}s are text chunks, {@code thinking_delta}s reasoning chunks, a {@code signature_delta} is kept
 * on its thinking block, and a {@code tool_use} block's {@code input_json_delta} fragments are joined (the
 * {@code input} of its start event is always {@code {}} and is not the arguments). At its
 * {@code content_block_stop} a tool call is emitted once, complete ({@link LlmChunk#toolCall()}); arguments that
 * are not a JSON object are an {@code InvalidOutput}, never {@code {}}. Argument fragments are emitted as
 * {@link LlmChunk#toolCallDelta()}s only when the request asks for them, indexed by the call's position among the
 * answer's calls. A block the stream never closes yields nothing of its call. The last chunk carries the
 * assistant message built from the closed blocks by {@link AnthropicContent}, as the whole-answer decoder builds
 * it, so a folded stream equals {@code generate}.
 *
 * <p>The finish sign is a {@code message_delta} with a {@code stop_reason}: a stream that closes after it
 * without {@code message_stop} completes with that reason and the usage so far; one that ends before it is a
 * {@link MalformedResponse}. A {@code refusal} stop reason is raised as {@link ContentFiltered} where it
 * arrives, whatever text came before: a refusal never completes as an answer.
 */
final class AnthropicStreamParser implements StreamParser {

    private final AnthropicErrors errors;
    private final ErrorDetails streamDetails;
    private final AnthropicContent content;
    private final boolean toolCallDeltas;
    private final AnthropicUsage usage = new AnthropicUsage();
    /** The open blocks by their index; closed ones become parts. */
    private final Map<Integer, Block> open = new HashMap<>();
    private final List<ContentPart> parts = new ArrayList<>();
    private int toolCallsStarted;
    private String model;
    private String stopReason;
    private boolean finished;

    /** One content block between its start and stop events. */
    private static final class Block {
        final String type;
        final String id;
        final String name;
        final int callIndex;
        final StringBuilder text = new StringBuilder();
        String stateValue;

        Block(String type, String id, String name, int callIndex, String stateValue) {
            this.type = type;
            this.id = id;
            this.name = name;
            this.callIndex = callIndex;
            this.stateValue = stateValue;
        }
    }

    /**
     * @param provider       the provider's name, to which thinking signatures are bound
     * @param streamDetails  the provider and request id of the stream, for the errors raised in it
     * @param toolCallDeltas whether the request asks for tool-call argument fragments
     */
    AnthropicStreamParser(AnthropicErrors errors, String provider, ErrorDetails streamDetails, String defaultModel,
            boolean toolCallDeltas) {
        this.errors = errors;
        this.streamDetails = streamDetails;
        this.content = new AnthropicContent(provider, streamDetails);
        this.toolCallDeltas = toolCallDeltas;
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
                return start(data.path("index").asInt(-1), data.path("content_block"));
            }
            case "content_block_delta" -> {
                return delta(data.path("index").asInt(-1), data.path("delta"));
            }
            case "content_block_stop" -> {
                return stop(open.remove(data.path("index").asInt(-1)));
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
                // ping sent as data, and event types Anthropic adds later carry nothing of the answer
            }
        }
        return List.of();
    }

    private List<LlmChunk> start(int index, JsonNode block) {
        String type = block.path("type").asText();
        Block started = switch (type) {
            case "text" -> new Block(type, "", "", -1, "");
            case "thinking" -> new Block(type, "", "", -1, block.path("signature").asText(""));
            case "redacted_thinking" -> new Block(type, "", "", -1, block.path("data").asText(""));
            case "tool_use" -> new Block(type, block.path("id").asText(""), block.path("name").asText(""),
                    toolCallsStarted++, "");
            // server tools and block types added later are the vendor's own: not part of the message
            default -> null;
        };
        if (started == null) {
            return List.of();
        }
        open.put(index, started);
        return switch (type) {
            case "text" -> append(started, block.path("text").asText(""), LlmChunk::text);
            case "thinking" -> append(started, block.path("thinking").asText(""), LlmChunk::reasoning);
            default -> List.of();
        };
    }

    private List<LlmChunk> delta(int index, JsonNode delta) {
        Block block = open.get(index);
        if (block == null) {
            // a text or thinking delta whose start event went missing still belongs to the answer; a tool call
            // without its start has no id or name, so it cannot be one
            String type = delta.path("type").asText();
            if (!"text_delta".equals(type) && !"thinking_delta".equals(type)) {
                return List.of();
            }
            block = new Block("text_delta".equals(type) ? "text" : "thinking", "", "", -1, "");
            open.put(index, block);
        }
        switch (delta.path("type").asText()) {
            case "text_delta" -> {
                return "text".equals(block.type) ? append(block, delta.path("text").asText(""), LlmChunk::text)
                        : List.of();
            }
            case "thinking_delta" -> {
                return "thinking".equals(block.type)
                        ? append(block, delta.path("thinking").asText(""), LlmChunk::reasoning) : List.of();
            }
            case "signature_delta" -> {
                if ("thinking".equals(block.type)) {
                    block.stateValue = block.stateValue + delta.path("signature").asText("");
                }
                return List.of();
            }
            case "input_json_delta" -> {
                if (!"tool_use".equals(block.type)) {
                    return List.of();
                }
                String fragment = delta.path("partial_json").asText("");
                block.text.append(fragment);
                return toolCallDeltas && !fragment.isEmpty()
                        ? List.of(LlmChunk.builder().toolCallDelta(ToolCallDelta.of(block.callIndex, block.name,
                                fragment)).build())
                        : List.of();
            }
            default -> {
                // citations and delta types added later carry no text of the answer
                return List.of();
            }
        }
    }

    private static List<LlmChunk> append(Block block, String text, Function<String, LlmChunk> chunk) {
        if (text.isEmpty()) {
            return List.of();
        }
        block.text.append(text);
        return List.of(chunk.apply(text));
    }

    private List<LlmChunk> stop(Block block) {
        if (block == null) {
            return List.of();
        }
        switch (block.type) {
            case "text" -> content.text(block.text.toString()).ifPresent(parts::add);
            case "thinking" -> parts.add(content.thinking(block.text.toString(), block.stateValue));
            case "redacted_thinking" -> parts.add(content.redacted(block.stateValue));
            default -> {
                ToolCall call = content.toolCall(block.id, block.name, block.text.toString());
                parts.add(call);
                return List.of(LlmChunk.toolCall(call));
            }
        }
        return List.of();
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
        // text and thinking the stream never closed were emitted already, so they are part of the answer; an
        // unclosed tool call never was, and is not
        open.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue)
                .filter(block -> !"tool_use".equals(block.type)).forEach(this::stop);
        open.clear();
        return LlmChunk.builder().message(AnthropicContent.message(parts))
                .finishReason(AnthropicResponseDecoder.finishReason(stopReason)).usage(usage.toUsage()).model(model)
                .build();
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
