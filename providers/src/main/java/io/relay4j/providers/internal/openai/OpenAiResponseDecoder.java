package io.relay4j.providers.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Message;
import io.relay4j.core.ToolCall;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidOutput;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.providers.internal.ErrorBodies;
import io.relay4j.providers.internal.ErrorClassifier;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.Json;
import io.relay4j.providers.internal.Redactor;
import io.relay4j.providers.internal.VendorError;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a whole (non-streaming) Chat Completions answer: its text, {@code tool_calls} (each through
 * {@code ToolCalls.complete}: arguments that are not a JSON object are an {@code InvalidOutput}), the reasoning of
 * compatible servers ({@code reasoning_content}, or Ollama's {@code reasoning}) and the usage with reasoning and cached
 * tokens, as one assistant message ({@link OpenAiAnswerMessage}). Gemini's {@code MALFORMED_FUNCTION_CALL} finish is an
 * {@code InvalidOutput}. A refusal (a {@code content_filter} finish reason, a
 * {@code refusal} message) is a {@code ContentFiltered} error even when some content came with it: a refusal
 * never reaches the caller as a normal answer.
 */
final class OpenAiResponseDecoder {

    private final OpenAiOptions options;
    private final Redactor redactor;

    OpenAiResponseDecoder(OpenAiOptions options, Redactor redactor) {
        this.options = options;
        this.redactor = redactor;
    }

    /** Status, request id and rate-limit counters are read from the headers only when the answer is an error. */
    LlmResponse decode(HttpReply reply) {
        JsonNode root;
        try {
            root = Json.parse(reply.body());
        } catch (IOException e) {
            String what = ErrorBodies.kind(reply.body()) == ErrorBodies.Kind.JSON
                    ? "HTTP " + reply.status() + " with JSON that cannot be parsed" + Json.location(e)
                    : ErrorBodies.describe(reply.status(), reply.body());
            throw new MalformedResponse(what, details(reply));
        }
        Optional<VendorError> error = VendorError.from(root);
        if (error.isPresent()) {
            throw ErrorClassifier.inBody(details(reply), error.get(), redactor);
        }
        JsonNode choice = OpenAiAnswers.firstChoice(root).orElseThrow(() ->
                new MalformedResponse("HTTP " + reply.status() + " with an answer that has no choices", details(reply)));
        Optional<ContentFiltered> refusal = OpenAiAnswers.refusal(choice, "message", details(reply));
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        Optional<InvalidOutput> malformedCall = OpenAiAnswers.malformedCall(choice, details(reply));
        if (malformedCall.isPresent()) {
            throw malformedCall.get();
        }
        JsonNode message = choice.path("message");
        List<ToolCall> calls = calls(message.get("tool_calls"), reply);
        String reasoningField = message.hasNonNull(OpenAiMessageWriter.REASONING_CONTENT)
                ? OpenAiMessageWriter.REASONING_CONTENT : OpenAiMessageWriter.REASONING;
        Message answer = OpenAiAnswerMessage.of(OpenAiAnswers.textOf(message.get(reasoningField)), reasoningField,
                OpenAiAnswers.textOf(message.get("content")), calls, options);
        // a whole body is a finished answer even when a server leaves finish_reason out; calls make it a tool turn
        // whatever the server said (Ollama has answered calls with "stop")
        FinishReason finish = calls.isEmpty() ? OpenAiAnswers.finishReason(choice).orElse(FinishReason.STOP)
                : FinishReason.TOOL_CALLS;
        Usage usage = OpenAiAnswers.usage(root).orElse(Usage.NONE);
        String model = Json.text(root, "model").orElse(options.model());
        return LlmResponse.builder().message(answer).provider(reply.provider()).model(model).usage(usage)
                .latency(reply.latency()).finishReason(finish).requestId(ErrorClassifier.requestId(reply)).build();
    }

    private List<ToolCall> calls(JsonNode toolCalls, HttpReply reply) {
        if (toolCalls == null || !toolCalls.isArray() || toolCalls.isEmpty()) {
            return List.of();
        }
        List<ToolCall> calls = new ArrayList<>(toolCalls.size());
        for (JsonNode call : toolCalls) {
            JsonNode function = call.path("function");
            calls.add(OpenAiAnswerMessage.call(Json.text(call, "id").orElse(null),
                    Json.text(function, "name").orElse(null),
                    OpenAiAnswerMessage.argumentsText(function.get("arguments")), call.get("extra_content"), options,
                    details(reply)));
        }
        return calls;
    }

    private static ErrorDetails details(HttpReply reply) {
        return ErrorClassifier.details(reply, Instant.now());
    }
}
