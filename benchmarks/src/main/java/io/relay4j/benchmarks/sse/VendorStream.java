package io.relay4j.benchmarks.sse;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A complete {@code text/event-stream} body shaped like a vendor's live stream (field order, ids, padding and
 * framing as in the recorded streams of the wire-format notes), with a deterministic answer text so every run
 * decodes the same bytes.
 *
 * @param vendor     which vendor's shape
 * @param body       the body bytes, exactly as they would arrive on the wire
 * @param eventCount how many SSE events a spec-compliant decoder dispatches from {@code body}
 */
public record VendorStream(String vendor, byte[] body, int eventCount) {

    /** An OpenAI Chat Completions stream: role chunk, {@code contentChunks} deltas, finish, usage, [DONE]. */
    public static VendorStream openAiChat(int contentChunks, long seed) {
        Random random = new Random(seed);
        String prefix = "data: {\"id\":\"chatcmpl-CQ4xR7cLbM2yVUw9sTq1nJ0aKpXeZ\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1764061200,\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\","
                + "\"system_fingerprint\":\"fp_560af6e559\",\"choices\":[";
        StringBuilder body = new StringBuilder(contentChunks * 300);
        body.append(prefix).append("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":null}],\"obfuscation\":\"Xq3\"}\n\n");
        for (int i = 0; i < contentChunks; i++) {
            String token = AnswerTokens.next(random);
            body.append(prefix).append("{\"index\":0,\"delta\":{\"content\":\"").append(token)
                    .append("\"},\"logprobs\":null,\"finish_reason\":null}],\"obfuscation\":\"")
                    .append(obfuscation(random, 12 - Math.min(token.length(), 11))).append("\"}\n\n");
        }
        body.append(prefix).append("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"obfuscation\":\"mC1D8tQ\"}\n\n");
        body.append(prefix).append("],\"usage\":{\"prompt_tokens\":24,\"completion_tokens\":").append(contentChunks)
                .append(",\"total_tokens\":").append(contentChunks + 24).append(",\"prompt_tokens_details\":"
                        + "{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,"
                        + "\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},"
                        + "\"obfuscation\":\"u9\"}\n\n");
        body.append("data: [DONE]\n\n");
        return new VendorStream("openai", body.toString().getBytes(StandardCharsets.UTF_8), contentChunks + 4);
    }

    /**
     * An Anthropic Messages stream: message_start, content_block_start, ping, {@code contentChunks} text deltas,
     * content_block_stop, message_delta, message_stop.
     */
    public static VendorStream anthropicMessages(int contentChunks, long seed) {
        Random random = new Random(seed);
        StringBuilder body = new StringBuilder(contentChunks * 140);
        body.append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
                + "\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],"
                + "\"model\":\"claude-sonnet-4-5-20250929\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":"
                + "{\"input_tokens\":24,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
                + "\"output_tokens\":1,\"service_tier\":\"standard\"}}}\n\n");
        body.append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        body.append("event: ping\ndata: {\"type\": \"ping\"}\n\n");
        for (int i = 0; i < contentChunks; i++) {
            body.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"").append(AnswerTokens.next(random))
                    .append("\"}}\n\n");
        }
        body.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        body.append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":").append(contentChunks).append("}}\n\n");
        body.append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return new VendorStream("anthropic", body.toString().getBytes(StandardCharsets.UTF_8), contentChunks + 6);
    }

    /**
     * A Gemini {@code streamGenerateContent?alt=sse} stream: {@code contentChunks} data-only events with CRLF line
     * ends, each repeating {@code usageMetadata}; the last carries {@code finishReason} and the output count.
     */
    public static VendorStream geminiContent(int contentChunks, long seed) {
        Random random = new Random(seed);
        StringBuilder body = new StringBuilder(contentChunks * 260);
        for (int i = 0; i < contentChunks; i++) {
            boolean last = i == contentChunks - 1;
            body.append("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"")
                    .append(AnswerTokens.next(random)).append("\"}],\"role\": \"model\"},")
                    .append(last ? "\"finishReason\": \"STOP\"," : "").append("\"index\": 0}],")
                    .append("\"usageMetadata\": {\"promptTokenCount\": 24,");
            if (last) {
                body.append("\"candidatesTokenCount\": ").append(contentChunks).append(',');
            }
            body.append("\"totalTokenCount\": ").append(24 + i + 1).append("},\"modelVersion\": \"gemini-2.5-flash\","
                    + "\"responseId\": \"Tr4laK2HMqWvnvgPwJ3NqQ8\"}\r\n\r\n");
        }
        return new VendorStream("gemini", body.toString().getBytes(StandardCharsets.UTF_8), contentChunks);
    }

    /** The vendor's stream by name ({@code openai}, {@code anthropic} or {@code gemini}). */
    public static VendorStream of(String vendor, int contentChunks, long seed) {
        return switch (vendor) {
            case "openai" -> openAiChat(contentChunks, seed);
            case "anthropic" -> anthropicMessages(contentChunks, seed);
            case "gemini" -> geminiContent(contentChunks, seed);
            default -> throw new IllegalArgumentException("unknown vendor '" + vendor + "': use openai, anthropic or gemini");
        };
    }

    /** Mean body bytes per event, for converting events/s into bytes/s. */
    public double bytesPerEvent() {
        return (double) body.length / eventCount;
    }

    private static String obfuscation(Random random, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder padding = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            padding.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return padding.toString();
    }
}
