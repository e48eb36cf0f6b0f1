package io.relay4j.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.FinishReason;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidOutput;
import java.util.Optional;

/**
 * Reads the parts of one {@code GenerateContentResponse} that matter to relay4j, whether it is a whole
 * answer or one streamed chunk: the first candidate's parts, its finish reason,
 * the usage, the model version and a prompt block.
 */
final class GeminiResponseReader {

    private GeminiResponseReader() {
    }

    /** The first candidate's content parts (an empty node when it has none). */
    static JsonNode parts(JsonNode response) {
        return firstCandidate(response).path("content").path("parts");
    }

    static boolean hasCandidates(JsonNode response) {
        return response.path("candidates").isArray() && !response.path("candidates").isEmpty();
    }

    /** The raw finish reason of the first candidate, when it has one. */
    static Optional<String> rawFinishReason(JsonNode response) {
        return Optional.ofNullable(firstCandidate(response).path("finishReason").asText(null));
    }

    /** Why the prompt was blocked, when Gemini refused it before generating anything. */
    static Optional<String> blockReason(JsonNode response) {
        return Optional.ofNullable(response.path("promptFeedback").path("blockReason").asText(null));
    }

    static Optional<JsonNode> usageMetadata(JsonNode response) {
        JsonNode usage = response.path("usageMetadata");
        return usage.isObject() ? Optional.of(usage) : Optional.empty();
    }

    /**
     * Gemini's usage: the prompt count already includes cached tokens; thinking tokens, reported apart, are
     * output the caller pays for, so they are added to the candidates' tokens, and are the reasoning tokens.
     */
    static Usage usage(JsonNode usageMetadata) {
        long thoughts = count(usageMetadata, "thoughtsTokenCount");
        long output = count(usageMetadata, "candidatesTokenCount") + thoughts;
        return Usage.builder().inputTokens(count(usageMetadata, "promptTokenCount")).outputTokens(output)
                .cachedInputTokens(count(usageMetadata, "cachedContentTokenCount")).reasoningTokens(thoughts).build();
    }

    /**
     * Gemini's finish reason, normalised. Safety, blocklist, prohibited-content, personal-data (SPII) and
     * recitation (the answer would have quoted protected material) stops, for text or images, are
     * {@link FinishReason#CONTENT_FILTER}: a filter withheld the answer, which the decoder and the stream parser
     * raise as {@code ContentFiltered}. Broken tool calls never get here ({@link #isBrokenToolCall}); {@code LANGUAGE}
     * and reasons Gemini adds later are {@link FinishReason#OTHER}. A {@code STOP} with function calls is
     * {@link FinishReason#TOOL_CALLS}, which {@link #finishReason(String, boolean)} decides.
     */
    static FinishReason finishReason(String raw) {
        return switch (raw) {
            case "STOP" -> FinishReason.STOP;
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "RECITATION", "IMAGE_SAFETY",
                 "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }

    /**
     * True for the finish reasons that say the model's tool call broke ({@code MALFORMED_FUNCTION_CALL}: the call
     * did not parse; {@code UNEXPECTED_TOOL_CALL}: a call although the request declared no tools or forbade calls;
     * {@code TOO_MANY_TOOL_CALLS}). Gemini sends them with empty content (at most a signature): they are an
     * {@code InvalidOutput}, never an empty answer.
     */
    static boolean isBrokenToolCall(String raw) {
        return raw.equals("MALFORMED_FUNCTION_CALL") || raw.equals("UNEXPECTED_TOOL_CALL")
                || raw.equals("TOO_MANY_TOOL_CALLS");
    }

    /**
     * The invalid output a broken tool call is. The message names the finish reason only: Gemini's
     * {@code finishMessage} quotes the broken call, arguments included.
     */
    static InvalidOutput brokenToolCall(String raw, ErrorDetails details) {
        return new InvalidOutput("Gemini could not produce a valid tool call (finish reason " + raw + ")",
                details.withVendorCode(raw));
    }

    /** The finish reason of an answer that has ({@code withToolCalls}) or lacks function calls. */
    static FinishReason finishReason(String raw, boolean withToolCalls) {
        FinishReason reason = finishReason(raw);
        return reason == FinishReason.STOP && withToolCalls ? FinishReason.TOOL_CALLS : reason;
    }

    private static JsonNode firstCandidate(JsonNode response) {
        return response.path("candidates").path(0);
    }

    private static long count(JsonNode usage, String field) {
        long value = usage.path(field).asLong(0);
        return Math.max(0, value);
    }
}
