package io.relay4j.benchmarks.wire;

import io.relay4j.benchmarks.sse.AnswerTokens;
import java.nio.charset.StandardCharsets;

/**
 * Non-streaming 2xx bodies shaped like each vendor's (fields as in the wire-format notes' recorded examples),
 * carrying a deterministic answer of a given number of tokens.
 */
final class VendorResponse {

    private VendorResponse() {
    }

    static byte[] of(String vendor, int answerTokens) {
        String text = AnswerTokens.text(answerTokens, 11);
        String json = switch (vendor) {
            case "openai" -> "{\"id\":\"chatcmpl-CQ4xR7cLbM2yVUw9sTq1nJ0aKpXeZ\",\"object\":\"chat.completion\","
                    + "\"created\":1764061200,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\",\"refusal\":null,"
                    + "\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":24,"
                    + "\"completion_tokens\":" + answerTokens + ",\"total_tokens\":" + (24 + answerTokens) + ","
                    + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":"
                    + "{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
                    + "\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\","
                    + "\"system_fingerprint\":\"fp_560af6e559\"}";
            case "anthropic" -> "{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\","
                    + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"" + text
                    + "\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":24,"
                    + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":" + answerTokens
                    + ",\"service_tier\":\"standard\"}}";
            case "gemini" -> "{\"candidates\": [{\"content\": {\"role\": \"model\",\"parts\": [{\"text\": \"" + text
                    + "\"}]},\"finishReason\": \"STOP\",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 24,"
                    + "\"candidatesTokenCount\": " + answerTokens + ",\"totalTokenCount\": " + (24 + answerTokens)
                    + ",\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 24}]},"
                    + "\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"Tr4laK2HMqWvnvgPwJ3NqQ8\"}";
            default -> throw new IllegalArgumentException("unknown vendor '" + vendor + "'");
        };
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
