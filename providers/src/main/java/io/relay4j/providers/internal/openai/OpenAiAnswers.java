package io.relay4j.providers.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.FinishReason;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidOutput;
import java.util.Optional;

/** Reads the parts of a Chat Completions answer that the whole body and the stream chunks share. */
final class OpenAiAnswers {

    private OpenAiAnswers() {
    }

    /** {@code finish_reason} in the taxonomy; empty while the choice is unfinished ({@code null} or absent). */
    static Optional<FinishReason> finishReason(JsonNode choice) {
        JsonNode reason = choice.get("finish_reason");
        if (reason == null || reason.isNull() || !reason.isTextual()) {
            return Optional.empty();
        }
        return Optional.of(switch (reason.asText()) {
            case "stop", "eos", "end_turn" -> FinishReason.STOP;
            case "length", "model_length" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        });
    }

    /** {@code usage}, where present and not {@code null} (streams put it on one chunk only). */
    static Optional<Usage> usage(JsonNode root) {
        JsonNode usage = root.get("usage");
        if (usage == null || !usage.isObject()) {
            JsonNode groq = root.path("x_groq").get("usage");
            if (groq == null || !groq.isObject()) {
                return Optional.empty();
            }
            usage = groq;
        }
        long input = Math.max(0, usage.path("prompt_tokens").asLong(0));
        long output = Math.max(0, usage.path("completion_tokens").asLong(0));
        long cached = Math.max(0, usage.path("prompt_tokens_details").path("cached_tokens").asLong(0));
        // a part of completion_tokens, as OpenAI counts it
        long reasoning = Math.max(0, usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0));
        return Optional.of(Usage.builder().inputTokens(input).outputTokens(output)
                .cachedInputTokens(Math.min(cached, input)).reasoningTokens(Math.min(reasoning, output)).build());
    }

    /** The first choice, if the chunk or body has one (Azure's annotation frames have {@code choices: []}). */
    static Optional<JsonNode> firstChoice(JsonNode root) {
        JsonNode choices = root.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty() || !choices.get(0).isObject()) {
            return Optional.empty();
        }
        return Optional.of(choices.get(0));
    }

    /**
     * The refusal a choice's message (whole answer) or delta (stream) carries, as a {@code ContentFiltered}: a
     * {@code content_filter} finish reason (Azure's filter, OpenAI's moderation) or a non-empty {@code refusal}
     * field (the model declined, as structured outputs report it). Empty when the choice is no refusal. The
     * refusal's own text is model output and is not quoted.
     */
    static Optional<ContentFiltered> refusal(JsonNode choice, String messageField, ErrorDetails details) {
        if (finishReason(choice).orElse(null) == FinishReason.CONTENT_FILTER) {
            return Optional.of(new ContentFiltered("the vendor's content filter withheld the answer",
                    details.withVendorCode("content_filter")));
        }
        if (!textOf(choice.path(messageField).get("refusal")).isEmpty()) {
            return Optional.of(new ContentFiltered("the model refused to answer", details.withVendorCode("refusal")));
        }
        return Optional.empty();
    }

    /**
     * Gemini's malformed-call signal through its OpenAI endpoint ({@code finish_reason:
     * "function_call_filter: MALFORMED_FUNCTION_CALL"}, or any finish reason naming {@code MALFORMED_FUNCTION_CALL}):
     * the model tried to call a tool and produced no usable call, an {@link InvalidOutput} that falls over, never an
     * empty success. Empty for any other choice.
     */
    static Optional<InvalidOutput> malformedCall(JsonNode choice, ErrorDetails details) {
        JsonNode reason = choice.get("finish_reason");
        if (reason != null && reason.isTextual() && reason.asText().contains("MALFORMED_FUNCTION_CALL")) {
            return Optional.of(new InvalidOutput("the model made a malformed tool call (finish reason"
                    + " MALFORMED_FUNCTION_CALL)", details.withVendorCode("MALFORMED_FUNCTION_CALL")));
        }
        return Optional.empty();
    }

    /** The text of a node that is a string, else empty (content is {@code null} on refusals and tool calls). */
    static String textOf(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : "";
    }
}
