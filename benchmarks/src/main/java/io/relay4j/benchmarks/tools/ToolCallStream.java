package io.relay4j.benchmarks.tools;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A streamed answer of parallel tool calls in one vendor's real fragmentation, with deterministic arguments: OpenAI
 * Chat Completions {@code delta.tool_calls} fragments keyed by index, Anthropic {@code input_json_delta} per
 * {@code tool_use} block, Gemini whole {@code functionCall} parts one per chunk. {@link #fragments()} counts the
 * events that carry a piece of a call (what an assembler works through); {@link #arguments()} is each call's
 * arguments JSON, to check the assembled calls against.
 *
 * @param vendor    {@code openai}, {@code anthropic} or {@code gemini}
 * @param body      the {@code text/event-stream} body as it arrives on the wire
 * @param fragments the events that carry part of a call
 * @param arguments each call's complete arguments, in call order
 */
public record ToolCallStream(String vendor, byte[] body, int fragments, List<String> arguments) {

    /** Characters per argument fragment: OpenAI and Anthropic send a few tokens per delta. */
    static final int FRAGMENT_CHARS = 8;

    public static ToolCallStream of(String vendor, int calls) {
        return switch (vendor) {
            case "openai" -> openAi(calls);
            case "anthropic" -> anthropic(calls);
            case "gemini" -> gemini(calls);
            default -> throw new IllegalArgumentException("unknown vendor '" + vendor + "': openai, anthropic, gemini");
        };
    }

    /** The arguments of call {@code i}: about 300 characters of a weather-lookup call's JSON. */
    static String argumentsOf(int i) {
        return "{\"city\":\"Reykjavik " + i + "\",\"country\":\"IS\",\"units\":\"metric\",\"days\":" + (3 + i)
                + ",\"include\":[\"temperature\",\"wind_speed\",\"precipitation\",\"humidity\"],"
                + "\"hourly\":true,\"language\":\"en\",\"note\":\"compare with the same week last year and"
                + " flag anything unusual for a road trip along the south coast\",\"max_results\":" + (10 + i) + "}";
    }

    private static List<String> split(String json) {
        List<String> pieces = new ArrayList<>();
        for (int at = 0; at < json.length(); at += FRAGMENT_CHARS) {
            pieces.add(json.substring(at, Math.min(json.length(), at + FRAGMENT_CHARS)));
        }
        return pieces;
    }

    private static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static ToolCallStream openAi(int calls) {
        String prefix = "data: {\"id\":\"chatcmpl-CQ4xR7cLbM2yVUw9sTq1nJ0aKpXeZ\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1764061200,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_560af6e559\","
                + "\"choices\":[";
        StringBuilder body = new StringBuilder();
        List<String> arguments = new ArrayList<>();
        int fragments = 0;
        body.append(prefix).append("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null},"
                + "\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        for (int i = 0; i < calls; i++) {
            String args = argumentsOf(i);
            arguments.add(args);
            body.append(prefix).append("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":").append(i)
                    .append(",\"id\":\"call_Qx7bM2yVUw9sTq1nJ0aKp").append(i).append("\",\"type\":\"function\","
                            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"logprobs\":null,"
                            + "\"finish_reason\":null}]}\n\n");
            fragments++;
            for (String piece : split(args)) {
                body.append(prefix).append("{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":").append(i)
                        .append(",\"function\":{\"arguments\":").append(quoted(piece))
                        .append("}}]},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
                fragments++;
            }
        }
        body.append(prefix).append("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}]}\n\n");
        body.append(prefix).append("],\"usage\":{\"prompt_tokens\":412,\"completion_tokens\":").append(40 * calls)
                .append(",\"total_tokens\":").append(412 + 40 * calls).append("}}\n\n");
        body.append("data: [DONE]\n\n");
        return new ToolCallStream("openai", body.toString().getBytes(StandardCharsets.UTF_8), fragments,
                List.copyOf(arguments));
    }

    private static ToolCallStream anthropic(int calls) {
        StringBuilder body = new StringBuilder();
        List<String> arguments = new ArrayList<>();
        int fragments = 0;
        body.append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":"
                + "\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],"
                + "\"model\":\"claude-sonnet-4-5-20250929\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":"
                + "{\"input_tokens\":412,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
                + "\"output_tokens\":1}}}\n\n");
        for (int i = 0; i < calls; i++) {
            String args = argumentsOf(i);
            arguments.add(args);
            body.append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":").append(i)
                    .append(",\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01A09q90qw90lq917835lq9")
                    .append(i).append("\",\"name\":\"get_weather\",\"input\":{}}}\n\n");
            body.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":").append(i)
                    .append(",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}\n\n");
            fragments += 2;
            for (String piece : split(args)) {
                body.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":").append(i)
                        .append(",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":").append(quoted(piece))
                        .append("}}\n\n");
                fragments++;
            }
            body.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":").append(i)
                    .append("}\n\n");
            fragments++;
        }
        body.append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":").append(40 * calls).append("}}\n\n");
        body.append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return new ToolCallStream("anthropic", body.toString().getBytes(StandardCharsets.UTF_8), fragments,
                List.copyOf(arguments));
    }

    private static ToolCallStream gemini(int calls) {
        StringBuilder body = new StringBuilder();
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            String args = argumentsOf(i);
            arguments.add(args);
            body.append("data: {\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"get_weather\","
                    + "\"args\":").append(args).append("}}],\"role\":\"model\"},\"index\":0");
            if (i == calls - 1) {
                body.append(",\"finishReason\":\"STOP\"");
            }
            body.append("}],\"usageMetadata\":{\"promptTokenCount\":412,\"candidatesTokenCount\":").append(40 * (i + 1))
                    .append(",\"totalTokenCount\":").append(412 + 40 * (i + 1))
                    .append("},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"mIYqab_3Kt2kz7IPr9SY8QM\"}\r\n\r\n");
        }
        return new ToolCallStream("gemini", body.toString().getBytes(StandardCharsets.UTF_8), calls,
                List.copyOf(arguments));
    }
}
