package io.relay4j.providers.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.Message;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolCallDelta;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidOutput;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.providers.internal.ErrorClassifier;
import io.relay4j.providers.internal.Json;
import io.relay4j.providers.internal.Redactor;
import io.relay4j.providers.internal.StreamParser;
import io.relay4j.providers.internal.VendorError;
import io.relay4j.streaming.sse.ServerSentEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Reads a Chat Completions stream: {@code data:} chunks whose first choice carries a content delta, a
 * chunk with {@code finish_reason}, an optional usage chunk with {@code choices: []}, then {@code [DONE]}.
 *
 * <ul>
 *   <li>chunks without choices (usage, Azure's filter annotations) and {@code "usage": null} are fine;</li>
 *   <li>a chunk with an {@code error} object (or Groq's {@code x_groq.error}, or an SSE {@code error}
 *       event) fails the stream with the typed error;</li>
 *   <li>a refusal (a {@code content_filter} finish reason, Azure's filter, or a non-empty {@code refusal}
 *       delta) fails the stream with {@code ContentFiltered} where it arrives, whatever text came before;</li>
 *   <li>a finish reason is the finish sign: followed by the end of the body without {@code [DONE]} it is a
 *       normal end; no finish reason at all is a {@link MalformedResponse}: the answer was cut.</li>
 *   <li>{@code delta.reasoning_content} (DeepSeek, vLLM) and {@code delta.reasoning} (Ollama, OpenRouter) are
 *       reasoning chunks; {@code delta.tool_calls} fragments go to a {@link ToolCallAssembler}, which completes the
 *       calls at the finish reason: each is then emitted once, as a {@code toolCall} chunk, in first-appearance
 *       order (argument fragments as {@code toolCallDelta} chunks only when the request asked for them). A stream
 *       cut before its finish reason emits no call. Gemini's {@code MALFORMED_FUNCTION_CALL} finish and a call
 *       whose arguments are not a JSON object are an {@code InvalidOutput}.</li>
 *   <li>the last chunk carries the whole answer ({@link OpenAiAnswerMessage}), as the whole decoder builds it.</li>
 * </ul>
 */
final class OpenAiStreamParser implements StreamParser {

    private static final String DONE = "[DONE]";

    private final OpenAiOptions options;
    private final Redactor redactor;
    /** Read only when the stream fails: an open stream keeps the reply's head, not the details parsed from it. */
    private final Supplier<ErrorDetails> details;
    private final ToolCallAssembler toolCalls;
    /** The answer so far, for the last chunk's message. */
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private String reasoningField = OpenAiMessageWriter.REASONING_CONTENT;
    private FinishReason finishReason;
    private Usage usage;
    private String model;
    private boolean done;

    OpenAiStreamParser(OpenAiOptions options, Redactor redactor, ErrorDetails details, boolean toolCallDeltas) {
        this(options, redactor, () -> details, toolCallDeltas);
    }

    /**
     * @param details        the stream's status, request id and rate-limit counters, asked for when an error needs them
     * @param toolCallDeltas whether to emit tool-call argument fragments (the request asked for them)
     */
    OpenAiStreamParser(OpenAiOptions options, Redactor redactor, Supplier<ErrorDetails> details,
                       boolean toolCallDeltas) {
        this.options = options;
        this.redactor = redactor;
        this.details = details;
        this.toolCalls = new ToolCallAssembler(options, toolCallDeltas);
    }

    @Override
    public List<LlmChunk> onEvent(ServerSentEvent event) {
        String data = event.data().strip();
        if (data.isEmpty()) {
            return List.of();
        }
        if (data.startsWith(DONE)) {
            done = true;
            return List.of();
        }
        JsonNode root;
        try {
            root = Json.parse(data);
        } catch (IOException e) {
            if ("error".equals(event.event())) {
                throw ErrorClassifier.inBody(details.get(), new VendorError(data, Optional.empty(), Optional.empty()),
                        redactor);
            }
            // the parser's own message may quote the event, which may hold answer text: keep neither
            throw new MalformedResponse("a stream event is not valid JSON" + Json.location(e), details.get());
        }
        Optional<VendorError> error = VendorError.from(root)
                .or(() -> Json.text(root.path("x_groq"), "error")
                        .map(m -> new VendorError(m, Optional.empty(), Optional.empty())));
        if (error.isPresent()) {
            throw ErrorClassifier.inBody(details.get(), error.get(), redactor);
        }
        Json.text(root, "model").ifPresent(m -> model = m);
        OpenAiAnswers.usage(root).ifPresent(u -> usage = u);
        Optional<JsonNode> choice = OpenAiAnswers.firstChoice(root);
        if (choice.isEmpty()) {
            return List.of();
        }
        Optional<ContentFiltered> refusal = OpenAiAnswers.refusal(choice.get(), "delta", details.get());
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        Optional<FinishReason> finish = OpenAiAnswers.finishReason(choice.get());
        if (finish.isPresent() && "error".equals(choice.get().path("finish_reason").asText())) {
            throw ErrorClassifier.inBody(details.get(),
                    new VendorError("the stream ended with finish_reason \"error\"", Optional.empty(),
                            Optional.empty()), redactor);
        }
        if (finish.isPresent()) {
            Optional<InvalidOutput> malformedCall = OpenAiAnswers.malformedCall(choice.get(), details.get());
            if (malformedCall.isPresent()) {
                throw malformedCall.get();
            }
        }
        List<LlmChunk> chunks = deltas(choice.get());
        if (finish.isPresent()) {
            finishReason = finish.get();
            for (ToolCall call : toolCalls.close(details.get())) {
                chunks = add(chunks, LlmChunk.toolCall(call));
            }
        }
        return chunks;
    }

    /** The reasoning, text and argument fragments of a choice's delta, in that order. */
    private List<LlmChunk> deltas(JsonNode choice) {
        JsonNode delta = choice.path("delta");
        List<LlmChunk> chunks = List.of();
        String reasoningDelta = OpenAiAnswers.textOf(delta.get(OpenAiMessageWriter.REASONING_CONTENT));
        if (reasoningDelta.isEmpty()) {
            reasoningDelta = OpenAiAnswers.textOf(delta.get(OpenAiMessageWriter.REASONING));
            if (!reasoningDelta.isEmpty() && reasoning.length() == 0) {
                reasoningField = OpenAiMessageWriter.REASONING;
            }
        }
        if (!reasoningDelta.isEmpty()) {
            reasoning.append(reasoningDelta);
            chunks = add(chunks, LlmChunk.reasoning(reasoningDelta));
        }
        String textDelta = OpenAiAnswers.textOf(delta.get("content"));
        if (!textDelta.isEmpty()) {
            text.append(textDelta);
            chunks = add(chunks, LlmChunk.text(textDelta));
        }
        JsonNode fragments = delta.get("tool_calls");
        if (fragments != null && fragments.isArray()) {
            int choiceIndex = choice.path("index").asInt(0);
            for (JsonNode fragment : fragments) {
                ToolCallDelta argumentsDelta;
                try {
                    argumentsDelta = toolCalls.accept(choiceIndex, fragment);
                } catch (IllegalStateException e) {
                    throw new MalformedResponse(e.getMessage(), details.get());
                }
                if (argumentsDelta != null) {
                    chunks = add(chunks, LlmChunk.builder().toolCallDelta(argumentsDelta).build());
                }
            }
        }
        return chunks;
    }

    /** Most events bring one chunk or none: a list is made only for a second one. */
    private static List<LlmChunk> add(List<LlmChunk> chunks, LlmChunk chunk) {
        if (chunks.isEmpty()) {
            return List.of(chunk);
        }
        List<LlmChunk> more = new ArrayList<>(chunks);
        more.add(chunk);
        return more;
    }

    @Override
    public boolean isFinished() {
        return done;
    }

    @Override
    public boolean saidFinished() {
        return finishReason != null;
    }

    @Override
    public LlmChunk onEnd() {
        if (finishReason == null) {
            throw new MalformedResponse(done
                    ? "the stream ended with [DONE] but without a finish reason"
                    : "the stream ended before the vendor's end marker (no finish reason, no [DONE])", details.get());
        }
        List<ToolCall> calls = toolCalls.calls();
        Message answer = OpenAiAnswerMessage.of(reasoning.toString(), reasoningField, text.toString(), calls, options);
        return LlmChunk.builder().message(answer).finishReason(calls.isEmpty() ? finishReason : FinishReason.TOOL_CALLS)
                .usage(usage == null ? Usage.NONE : usage).model(model == null ? options.model() : model).build();
    }
}
