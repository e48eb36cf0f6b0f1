package io.relay4j.providers.internal.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.providers.anthropic.AnthropicProvider;
import io.relay4j.providers.azure.AzureOpenAiProvider;
import io.relay4j.providers.compatible.CompatibleServer;
import io.relay4j.providers.compatible.OpenAiCompatibleProvider;
import io.relay4j.providers.gemini.GeminiProvider;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.WireProtocol;
import io.relay4j.providers.internal.http.HttpLlmProvider;
import io.relay4j.providers.openai.OpenAiProvider;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every vendor a conversation can move between, as its real wire protocol sees it: an answer with tool calls in the
 * vendor's own wire shape (its id shapes, its signatures) decoded by the vendor's decoder, and the checks the
 * vendor's API applies to a request body's tool ids, names and pairing.
 */
enum TargetVendor {
    OPENAI(Wire.OPENAI, "[a-zA-Z0-9_-]{1,40}", "[a-zA-Z0-9_-]{1,64}"),
    AZURE(Wire.OPENAI, "[a-zA-Z0-9_-]{1,64}", "[a-zA-Z0-9_-]{1,64}"),
    ANTHROPIC(Wire.ANTHROPIC, "[a-zA-Z0-9_-]+", "[a-zA-Z0-9_-]{1,128}"),
    GEMINI_25(Wire.GEMINI, ".+", "[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}"),
    GEMINI_3(Wire.GEMINI, ".+", "[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}"),
    COMPATIBLE(Wire.OPENAI, "[a-zA-Z0-9_-]{1,40}", "[a-zA-Z0-9_-]{1,64}"),
    MISTRAL(Wire.OPENAI, "[a-zA-Z0-9]{9}", "[a-zA-Z0-9_-]{1,64}");

    enum Wire { OPENAI, ANTHROPIC, GEMINI }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-test-0123456789abcdefghijklmnop";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    final Wire wire;
    final Pattern idPattern;
    final Pattern namePattern;
    private WireProtocol protocol;

    TargetVendor(Wire wire, String idPattern, String namePattern) {
        this.wire = wire;
        this.idPattern = Pattern.compile(idPattern);
        this.namePattern = Pattern.compile(namePattern);
    }

    /** The provider name on the router, which binds this vendor's state. */
    String provider() {
        return name().toLowerCase();
    }

    synchronized WireProtocol protocol() {
        if (protocol == null) {
            try (LlmProvider provider = newProvider()) {
                protocol = protocolOf(provider);
            }
        }
        return protocol;
    }

    private LlmProvider newProvider() {
        String url = "http://127.0.0.1:9";
        return switch (this) {
            case OPENAI -> OpenAiProvider.builder().name(provider()).apiKey(KEY).model("gpt-4o").baseUrl(url).build();
            case AZURE -> AzureOpenAiProvider.builder().name(provider()).apiKey(KEY).endpoint(url).deployment("gpt-4o")
                    .build();
            case ANTHROPIC -> AnthropicProvider.builder().name(provider()).apiKey(KEY).model("claude-sonnet-4-5")
                    .baseUrl(url).build();
            case GEMINI_25 -> GeminiProvider.builder().name(provider()).apiKey(KEY).model("gemini-2.5-flash")
                    .baseUrl(url).build();
            case GEMINI_3 -> GeminiProvider.builder().name(provider()).apiKey(KEY).model("gemini-3-pro-preview")
                    .baseUrl(url).build();
            case COMPATIBLE -> OpenAiCompatibleProvider.builder(CompatibleServer.GENERIC).name(provider())
                    .model("kimi-k2").baseUrl(url).build();
            case MISTRAL -> OpenAiCompatibleProvider.builder(CompatibleServer.MISTRAL).name(provider()).apiKey(KEY)
                    .model("mistral-large-latest").baseUrl(url).build();
        };
    }

    /** The provider's wire protocol, which its public type keeps to itself. */
    private static WireProtocol protocolOf(LlmProvider provider) {
        try {
            Field http = provider.getClass().getDeclaredField("http");
            http.setAccessible(true);
            Field protocol = HttpLlmProvider.class.getDeclaredField("protocol");
            protocol.setAccessible(true);
            return (WireProtocol) protocol.get(http.get(provider));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** One tool call of an answer: its id as the vendor gave it (empty: Gemini 2.5 gave none). */
    record Call(String id, String name) {
    }

    /** A realistic id of this vendor's own shape; empty for Gemini 2.5, which gives none. */
    String ownId(Random random) {
        return switch (this) {
            case OPENAI, AZURE -> "call_" + alnum(random, 24);
            case ANTHROPIC -> "toolu_01" + alnum(random, 22);
            case GEMINI_25 -> "";
            case GEMINI_3 -> alnum(random, 8).toLowerCase();
            case COMPATIBLE -> switch (random.nextInt(3)) {
                case 0 -> "functions.Bash:" + random.nextInt(10);
                case 1 -> "call_" + alnum(random, 55);
                default -> "chatcmpl-tool-" + alnum(random, 32);
            };
            case MISTRAL -> alnum(random, 9);
        };
    }

    static String alnum(Random random, int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
        }
        return out.toString();
    }

    /** The signature this vendor gives with answer {@code turn}; unique, so a test finds it in any body. */
    String signature(int turn) {
        return "sig-" + provider() + "-" + turn;
    }

    /** True when this vendor's answers carry opaque state that must come back to it. */
    boolean signs() {
        return this == ANTHROPIC || this == GEMINI_25 || this == GEMINI_3 || this == COMPATIBLE;
    }

    /** The assistant message this vendor's decoder makes of an answer with {@code calls}, answering {@code request}. */
    Message answer(LlmRequest request, List<Call> calls, int turn) {
        ObjectNode body = JSON.createObjectNode();
        switch (wire) {
            case OPENAI -> {
                ObjectNode choice = body.put("id", "chatcmpl-" + turn).put("object", "chat.completion")
                        .put("created", 1).put("model", "m").putArray("choices").addObject();
                ObjectNode message = choice.put("index", 0).put("finish_reason", "tool_calls").putObject("message");
                message.put("role", "assistant").putNull("content");
                if (this == COMPATIBLE) {
                    message.put("reasoning_content", "thinking " + signature(turn));
                }
                ArrayNode toolCalls = message.putArray("tool_calls");
                for (Call call : calls) {
                    ObjectNode c = toolCalls.addObject().put("id", call.id()).put("type", "function");
                    c.putObject("function").put("name", call.name()).put("arguments", "{\"n\":" + turn + "}");
                }
                body.putObject("usage").put("prompt_tokens", 1).put("completion_tokens", 1).put("total_tokens", 2);
            }
            case ANTHROPIC -> {
                body.put("id", "msg_" + turn).put("type", "message").put("role", "assistant").put("model", "claude")
                        .put("stop_reason", "tool_use");
                ArrayNode content = body.putArray("content");
                content.addObject().put("type", "thinking").put("thinking", "let me see")
                        .put("signature", signature(turn));
                for (Call call : calls) {
                    content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
                            .putObject("input").put("n", turn);
                }
                body.putObject("usage").put("input_tokens", 1).put("output_tokens", 1);
            }
            case GEMINI -> {
                ObjectNode candidate = body.putArray("candidates").addObject().put("finishReason", "STOP");
                ArrayNode parts = candidate.putObject("content").put("role", "model").putArray("parts");
                boolean first = true;
                for (Call call : calls) {
                    ObjectNode part = parts.addObject();
                    ObjectNode functionCall = part.putObject("functionCall").put("name", call.name());
                    functionCall.putObject("args").put("n", turn);
                    if (!call.id().isEmpty()) {
                        functionCall.put("id", call.id());
                    }
                    if (first) {
                        part.put("thoughtSignature", signature(turn));
                        first = false;
                    }
                }
                body.putObject("usageMetadata").put("promptTokenCount", 1).put("candidatesTokenCount", 1)
                        .put("totalTokenCount", 2);
            }
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return protocol().decodeResponse(new HttpReply(provider(), 200, Map.of(), bytes, Duration.ofMillis(1)), request)
                .message();
    }

    /** The body this vendor is sent for {@code request}. */
    JsonNode encode(LlmRequest request) {
        try {
            return JSON.readTree(new String(protocol().encode(request, false).body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** One step of a body: the wire ids and names of an assistant turn's calls, and the ids and names answering it. */
    record Step(List<String> callIds, List<String> callNames, List<String> resultIds, List<String> resultNames,
                List<String> signatures) {
    }

    /** The tool steps of a body this vendor was sent, in order. */
    List<Step> steps(JsonNode body) {
        List<Step> steps = new ArrayList<>();
        switch (wire) {
            case OPENAI -> {
                Step open = null;
                for (JsonNode m : body.path("messages")) {
                    String role = m.path("role").asText();
                    if (role.equals("assistant") && m.has("tool_calls")) {
                        open = newStep(steps);
                        for (JsonNode c : m.path("tool_calls")) {
                            open.callIds().add(c.path("id").asText());
                            open.callNames().add(c.path("function").path("name").asText());
                            if (c.has("extra_content")) {
                                open.signatures().add(c.path("extra_content").toString());
                            }
                        }
                        if (m.has("reasoning_content")) {
                            open.signatures().add(m.path("reasoning_content").asText());
                        }
                    } else if (role.equals("tool")) {
                        open.resultIds().add(m.path("tool_call_id").asText());
                    } else if (!role.equals("user")) {
                        open = null;
                    }
                }
            }
            case ANTHROPIC -> {
                Step open = null;
                for (JsonNode m : body.path("messages")) {
                    if (m.path("role").asText().equals("assistant")) {
                        open = null;
                        for (JsonNode block : m.path("content")) {
                            String type = block.path("type").asText();
                            if (type.equals("thinking")) {
                                open = open == null ? newStep(steps) : open;
                                open.signatures().add(block.path("signature").asText());
                            } else if (type.equals("tool_use")) {
                                open = open == null ? newStep(steps) : open;
                                open.callIds().add(block.path("id").asText());
                                open.callNames().add(block.path("name").asText());
                            }
                        }
                    } else if (open != null) {
                        for (JsonNode block : m.path("content")) {
                            if (block.path("type").asText().equals("tool_result")) {
                                open.resultIds().add(block.path("tool_use_id").asText());
                            }
                        }
                        open = null;
                    }
                }
            }
            case GEMINI -> {
                Step open = null;
                for (JsonNode content : body.path("contents")) {
                    if (content.path("role").asText().equals("model")) {
                        open = newStep(steps);
                        for (JsonNode part : content.path("parts")) {
                            if (part.has("functionCall")) {
                                open.callIds().add(part.path("functionCall").path("id").asText(""));
                                open.callNames().add(part.path("functionCall").path("name").asText());
                            }
                            if (part.has("thoughtSignature")) {
                                open.signatures().add(part.path("thoughtSignature").asText());
                            }
                        }
                    } else if (open != null) {
                        for (JsonNode part : content.path("parts")) {
                            if (part.has("functionResponse")) {
                                open.resultIds().add(part.path("functionResponse").path("id").asText(""));
                                open.resultNames().add(part.path("functionResponse").path("name").asText());
                            }
                        }
                        open = null;
                    }
                }
            }
        }
        return steps;
    }

    private static Step newStep(List<Step> steps) {
        Step step = new Step(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        steps.add(step);
        return step;
    }

    /**
     * The violations of this vendor's rules in {@code body}: ids and names outside its patterns, a result that does
     * not answer its step's call, a call left unanswered, an id sent to Gemini that Gemini did not issue.
     *
     * @param issued the ids this vendor issued in the conversation: the only ones Gemini may get, and ones any
     *               vendor takes back even outside the portable pattern (Kimi's {@code functions.Bash:0})
     */
    List<String> violations(JsonNode body, Set<String> issued) {
        List<String> problems = new ArrayList<>();
        List<Step> steps = steps(body);
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            Set<String> unique = new HashSet<>(step.callIds());
            if (wire != Wire.GEMINI && unique.size() != step.callIds().size()) {
                problems.add("step " + s + ": two calls share a wire id " + step.callIds());
            }
            for (String id : step.callIds()) {
                if (wire == Wire.GEMINI ? !id.isEmpty() && !issued.contains(id)
                        : !idPattern.matcher(id).matches() && !issued.contains(id)) {
                    problems.add("step " + s + ": id '" + id + "' is not valid for " + this);
                }
            }
            for (String name : step.callNames()) {
                if (!namePattern.matcher(name).matches()) {
                    problems.add("step " + s + ": name '" + name + "' is not valid for " + this);
                }
            }
            if (s < steps.size() - 1 || !step.resultIds().isEmpty()) {
                if (wire == Wire.OPENAI || wire == Wire.ANTHROPIC) {
                    if (!new HashSet<>(step.resultIds()).equals(unique) || step.resultIds().size() != unique.size()) {
                        problems.add("step " + s + ": results " + step.resultIds() + " do not answer calls "
                                + step.callIds());
                    }
                } else if (!step.resultIds().equals(step.callIds()) || !step.resultNames().equals(step.callNames())) {
                    problems.add("step " + s + ": responses " + step.resultIds() + step.resultNames()
                            + " do not match calls " + step.callIds() + step.callNames());
                }
            }
        }
        return problems;
    }
}
