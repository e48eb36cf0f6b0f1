package io.relay4j.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.FinishReason;
import io.relay4j.core.Usage;
import java.util.Optional;

/**
 * Reads the parts of one {@code GenerateContentResponse} that matter to relay4j, whether it is a whole
 * answer or one streamed chunk: the first candidate's text (thought summaries excluded), its finish reason,
 * the usage, the model version and a prompt block.
 */
final class GeminiResponseReader {

    private GeminiResponseReader() {
    }

    static String text(JsonNode response) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : firstCandidate(response).path("content").path("parts")) {
            if (!part.path("thought").asBoolean(false)) {
                text.append(part.path("text").asText(""));
            }
        }
        return text.toString();
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
     * output the caller pays for, so they are added to the candidates' tokens.
     */
    static Usage usage(JsonNode usageMetadata) {
        long output = count(usageMetadata, "candidatesTokenCount") + count(usageMetadata, "thoughtsTokenCount");
        return Usage.builder().inputTokens(count(usageMetadata, "promptTokenCount")).outputTokens(output)
                .cachedInputTokens(count(usageMetadata, "cachedContentTokenCount")).build();
    }

    /**
     * Gemini's finish reason, normalised. Safety, blocklist, prohibited-content, personal-data (SPII) and
     * recitation (the answer would have quoted protected material) stops, for text or images, are
     * {@link FinishReason#CONTENT_FILTER}: a filter withheld the answer, which the decoder and the stream parser
     * raise as {@code ContentFiltered}. Tool-call problems, {@code LANGUAGE} and reasons Gemini adds later are
     * {@link FinishReason#OTHER}.
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

    private static JsonNode firstCandidate(JsonNode response) {
        return response.path("candidates").path(0);
    }

    private static long count(JsonNode usage, String field) {
        long value = usage.path(field).asLong(0);
        return Math.max(0, value);
    }
}
