package io.relay4j.providers.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.providers.internal.ErrorClassifier;
import io.relay4j.providers.internal.Json;
import io.relay4j.providers.internal.Redactor;
import io.relay4j.providers.internal.StreamParser;
import io.relay4j.providers.internal.VendorError;
import io.relay4j.streaming.sse.ServerSentEvent;
import java.io.IOException;
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
 * </ul>
 */
final class OpenAiStreamParser implements StreamParser {

    private static final String DONE = "[DONE]";

    private final OpenAiOptions options;
    private final Redactor redactor;
    /** Read only when the stream fails: an open stream keeps the reply's head, not the details parsed from it. */
    private final Supplier<ErrorDetails> details;
    private FinishReason finishReason;
    private Usage usage;
    private String model;
    private boolean done;

    OpenAiStreamParser(OpenAiOptions options, Redactor redactor, ErrorDetails details) {
        this(options, redactor, () -> details);
    }

    /** @param details the stream's status, request id and rate-limit counters, asked for when an error needs them */
    OpenAiStreamParser(OpenAiOptions options, Redactor redactor, Supplier<ErrorDetails> details) {
        this.options = options;
        this.redactor = redactor;
        this.details = details;
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
        finish.ifPresent(f -> finishReason = f);
        String text = OpenAiAnswers.textOf(choice.get().path("delta").get("content"));
        return text.isEmpty() ? List.of() : List.of(LlmChunk.text(text));
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
        return LlmChunk.last("", finishReason, usage == null ? Usage.NONE : usage,
                model == null ? options.model() : model);
    }
}
