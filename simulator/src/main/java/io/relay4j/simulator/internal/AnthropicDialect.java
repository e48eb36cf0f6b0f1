package io.relay4j.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.relay4j.simulator.Fault;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Anthropic Messages: {@code POST /v1/messages}, named SSE events from message_start to message_stop. */
final class AnthropicDialect implements VendorDialect {

    private static final String PATH = "/v1/messages";
    private static final long REQUEST_LIMIT = 4_000;
    private static final long TOKEN_LIMIT = 2_000_000;

    @Override
    public Optional<Route> route(HttpMethod method, String path, Map<String, List<String>> query) {
        return Route.byBody(PATH, method, path);
    }

    @Override
    public boolean hasCredentials(HttpHeaders headers, Map<String, List<String>> query) {
        return Credentials.present(headers.get("x-api-key"))
                || Credentials.hasBearer(headers.get(HttpHeaderNames.AUTHORIZATION));
    }

    @Override
    public Optional<String> headerProblem(HttpHeaders headers) {
        return Credentials.present(headers.get("anthropic-version"))
                ? Optional.empty()
                : Optional.of("anthropic-version: header is required");
    }

    @Override
    public ParsedRequest parse(JsonNode body, Route route, int inputTokens) {
        RequestFields fields = new RequestFields(body);
        String model = fields.requiredText("model", "model: Field required");
        fields.requiredArray("messages", "messages: Field required");
        OptionalInt maxTokens = fields.optionalPositiveInt("max_tokens");
        if (maxTokens.isEmpty()) {
            throw new InvalidRequestException("max_tokens: Field required");
        }
        return new ParsedRequest(model, fields.flag("stream"), false, maxTokens, inputTokens,
                AnthropicRequestReader.read(body, maxTokens.getAsInt()));
    }

    @Override
    public ContentPlanner.Style style() {
        return ContentPlanner.Style.ANTHROPIC;
    }

    @Override
    public Map<String, String> answerHeaders(ReplyContext context) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("request-id", context.requestId());
        headers.put("anthropic-organization-id", "00000000-0000-4000-8000-000000000000");
        String reset = rfc3339(context.now().plusSeconds(60));
        long remainingRequests = context.remainingOf(REQUEST_LIMIT);
        long remainingTokens = TOKEN_LIMIT - context.inputTokens();
        rateLimit(headers, "requests", REQUEST_LIMIT, remainingRequests, reset);
        rateLimit(headers, "tokens", TOKEN_LIMIT, remainingTokens, reset);
        rateLimit(headers, "input-tokens", TOKEN_LIMIT, remainingTokens, reset);
        rateLimit(headers, "output-tokens", TOKEN_LIMIT / 5, TOKEN_LIMIT / 5, reset);
        return headers;
    }

    @Override
    public ErrorReply statusFault(Fault fault, ReplyContext context) {
        return switch (fault) {
            case BAN_403 -> error(403, "permission_error",
                    "Your API key does not have permission to use the specified resource.", context);
            case RATE_LIMIT_429 -> rateLimited(context);
            case QUOTA_EXHAUSTED -> error(402, "billing_error",
                    "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.",
                    context);
            case OVERLOADED_529 -> error(529, "overloaded_error", "Overloaded", context);
            case SERVER_ERROR_500 -> error(500, "api_error", "Internal server error", context);
            case UNAVAILABLE_503 -> error(503, "api_error", "Service unavailable", context);
            default -> throw new IllegalArgumentException(fault + " is not a status fault");
        };
    }

    @Override
    public Fault inStreamErrorWithoutStream() {
        return Fault.OVERLOADED_529;
    }

    @Override
    public ErrorReply unauthenticated(ReplyContext context) {
        return error(401, "authentication_error", "x-api-key header is required", context);
    }

    @Override
    public ErrorReply notFound(HttpMethod method, String path, ReplyContext context) {
        return error(404, "not_found_error", "Not Found", context);
    }

    @Override
    public ErrorReply invalidRequest(String message, ReplyContext context) {
        return error(400, "invalid_request_error", message, context);
    }

    @Override
    public String jsonContentType() {
        return "application/json";
    }

    @Override
    public String streamContentType() {
        return "text/event-stream; charset=utf-8";
    }

    @Override
    public String completion(Answer answer) {
        ObjectNode message = message(answer);
        ArrayNode content = message.putArray("content");
        for (Block block : answer.content().blocks()) {
            if (block instanceof Block.Reasoning thinking) {
                content.addObject().put("type", "thinking").put("thinking", thinking.text())
                        .put("signature", thinking.signature().orElse(""));
            } else if (block instanceof Block.ToolUse call) {
                ObjectNode use = content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name());
                use.set("input", Json.parse(call.arguments()));
            } else if (block.units() > 0) {
                // an empty answer comes with no content block at all
                content.addObject().put("type", "text").put("text", ((Block.Text) block).text());
            }
        }
        message.put("stop_reason", stopReason(answer));
        message.putNull("stop_sequence");
        message.set("usage", usage(answer.inputTokens(), answer.outputTokens(), answer.reasoningTokens()));
        return Json.write(message);
    }

    @Override
    public StreamRenderer streamRenderer(Answer answer) {
        return new Renderer(answer);
    }

    @Override
    public Optional<ErrorReply> promptRefusal(ReplyContext context) {
        return Optional.empty();
    }

    /** Claude's refusal: the text before it (none when the prompt was refused) and {@code stop_reason: "refusal"}. */
    @Override
    public String refusedCompletion(Answer answer, String partialText, int partialTokens, boolean prompt) {
        ObjectNode message = message(answer);
        ArrayNode content = message.putArray("content");
        if (!partialText.isEmpty()) {
            content.addObject().put("type", "text").put("text", partialText);
        }
        message.put("stop_reason", "refusal");
        message.putNull("stop_sequence");
        message.set("usage", usage(answer.inputTokens(), partialTokens, 0));
        return Json.write(message);
    }

    private static ObjectNode message(Answer answer) {
        ObjectNode message = Json.object();
        message.put("id", answer.id());
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", answer.model());
        return message;
    }

    /** Usage with the cache fields (outside {@code input_tokens}) and, when the answer thought, the thinking share. */
    private static ObjectNode usage(int inputTokens, int outputTokens, int thinkingTokens) {
        ObjectNode usage = Json.object();
        usage.put("input_tokens", inputTokens);
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", 0);
        usage.put("output_tokens", outputTokens);
        if (thinkingTokens > 0) {
            usage.putObject("output_tokens_details").put("thinking_tokens", thinkingTokens);
        }
        return usage;
    }

    private static String stopReason(Answer answer) {
        return answer.content().hasToolCalls() ? "tool_use" : answer.cutByMaxTokens() ? "max_tokens" : "end_turn";
    }

    private static ObjectNode errorBody(String type, String message) {
        ObjectNode body = Json.object();
        body.put("type", "error");
        ObjectNode error = body.putObject("error");
        error.put("type", type);
        error.put("message", message);
        return body;
    }

    private ErrorReply error(int status, String type, String message, ReplyContext context) {
        return error(status, type, message, context, Map.of("request-id", context.requestId()));
    }

    private ErrorReply error(int status, String type, String message, ReplyContext context, Map<String, String> headers) {
        ObjectNode body = errorBody(type, message);
        body.put("request_id", context.requestId());
        return new ErrorReply(status, jsonContentType(), headers, Json.write(body));
    }

    private ErrorReply rateLimited(ReplyContext context) {
        Map<String, String> headers = new LinkedHashMap<>(answerHeaders(context));
        String reset = rfc3339(context.now().plus(context.retryAfter()));
        headers.put("anthropic-ratelimit-requests-remaining", "0");
        headers.put("anthropic-ratelimit-requests-reset", reset);
        headers.put("retry-after", Long.toString(context.retryAfterSeconds()));
        return error(429, "rate_limit_error",
                "This request would exceed the rate limit for your organization of " + REQUEST_LIMIT
                        + " requests per minute. Please reduce the prompt length or the maximum tokens requested, or try again later.",
                context, headers);
    }

    private static void rateLimit(Map<String, String> headers, String axis, long limit, long remaining, String reset) {
        headers.put("anthropic-ratelimit-" + axis + "-limit", Long.toString(limit));
        headers.put("anthropic-ratelimit-" + axis + "-remaining", Long.toString(Math.max(0, remaining)));
        headers.put("anthropic-ratelimit-" + axis + "-reset", reset);
    }

    /** RFC 3339 in UTC, rounded up to the next second, as Anthropic's reset headers are. */
    private static String rfc3339(Instant instant) {
        Instant whole = instant.getNano() == 0 ? instant : instant.truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofSeconds(1));
        return whole.toString();
    }

    /** The events of one stream: named events whose JSON {@code type} matches the name. */
    private static final class Renderer implements StreamRenderer {
        private static final String MESSAGE_STOP = event("message_stop", Json.object().put("type", "message_stop"));
        private static final String PING = event("ping", Json.object().put("type", "ping"));
        private final Answer answer;
        private final EventTemplate firstTextDelta;

        Renderer(Answer answer) {
            this.answer = answer;
            this.firstTextDelta = deltaTemplate(0, "text_delta", "text");
        }

        @Override
        public String opening() {
            ObjectNode start = Json.object();
            start.put("type", "message_start");
            ObjectNode message = message(answer);
            message.putArray("content");
            message.putNull("stop_reason");
            message.putNull("stop_sequence");
            message.set("usage", usage(answer.inputTokens(), 1, 0));
            start.set("message", message);
            return event("message_start", start);
        }

        /**
         * {@code content_block_start} with the block's empty shape (a tool_use's {@code input} is always {}, and
         * its first {@code input_json_delta} is ""), and a ping after the first block's start.
         */
        @Override
        public String blockStart(int index, Block block) {
            ObjectNode blockStart = Json.object();
            blockStart.put("type", "content_block_start");
            blockStart.put("index", index);
            ObjectNode shape = blockStart.putObject("content_block");
            String after = index == 0 ? PING : "";
            if (block instanceof Block.Reasoning) {
                shape.put("type", "thinking").put("thinking", "").put("signature", "");
            } else if (block instanceof Block.ToolUse call) {
                shape.put("type", "tool_use").put("id", call.id()).put("name", call.name());
                shape.putObject("input");
                after = after + deltaEvent(index, "input_json_delta", "partial_json", "");
            } else {
                shape.put("type", "text").put("text", "");
            }
            return event("content_block_start", blockStart) + after;
        }

        @Override
        public String delta(int index, Block block, String text, boolean last) {
            if (block instanceof Block.Reasoning) {
                return deltaEvent(index, "thinking_delta", "thinking", text);
            }
            if (block instanceof Block.ToolUse) {
                return deltaEvent(index, "input_json_delta", "partial_json", text);
            }
            return index == 0 ? firstTextDelta.render(text) : deltaEvent(index, "text_delta", "text", text);
        }

        /** {@code content_block_stop}, after a thinking block's {@code signature_delta}. */
        @Override
        public String blockStop(int index, Block block) {
            String signature = block instanceof Block.Reasoning thinking && thinking.signature().isPresent()
                    ? deltaEvent(index, "signature_delta", "signature", thinking.signature().get()) : "";
            return signature + event("content_block_stop", Json.object().put("type", "content_block_stop").put("index", index));
        }

        @Override
        public String closing() {
            return closingWithoutEndMarker() + MESSAGE_STOP;
        }

        @Override
        public String closingWithoutEndMarker() {
            return messageDelta(stopReason(answer), answer.outputTokens(), answer.reasoningTokens());
        }

        /** A refused prompt gets an empty text block first, as Claude sends it. */
        @Override
        public String refusal(int tokensSent, boolean prompt) {
            String emptyBlock = prompt ? blockStart(0, Block.Text.lorem(0, 0)) + blockStop(0, Block.Text.lorem(0, 0)) : "";
            return emptyBlock + messageDelta("refusal", tokensSent, 0) + MESSAGE_STOP;
        }

        /** The {@code message_delta} with the stop reason and the cumulative output, thinking share included. */
        private static String messageDelta(String stopReason, int outputTokens, int thinkingTokens) {
            ObjectNode messageDelta = Json.object();
            messageDelta.put("type", "message_delta");
            ObjectNode change = messageDelta.putObject("delta");
            change.put("stop_reason", stopReason);
            change.putNull("stop_sequence");
            ObjectNode usage = messageDelta.putObject("usage").put("output_tokens", outputTokens);
            if (thinkingTokens > 0) {
                usage.putObject("output_tokens_details").put("thinking_tokens", thinkingTokens);
            }
            return event("message_delta", messageDelta);
        }

        @Override
        public String inStreamError() {
            return event("error", errorBody("overloaded_error", "Overloaded"));
        }

        @Override
        public String brokenEvent() {
            String whole = firstTextDelta.render("x");
            return whole.substring(0, whole.length() - 12) + "\n\n";
        }

        private static EventTemplate deltaTemplate(int index, String type, String field) {
            ObjectNode event = Json.object();
            event.put("type", "content_block_delta");
            event.put("index", index);
            event.putObject("delta").put("type", type).put(field, EventTemplate.SLOT);
            return EventTemplate.of("event: content_block_delta\ndata: ", event, "\n\n");
        }

        private static String deltaEvent(int index, String type, String field, String value) {
            ObjectNode event = Json.object();
            event.put("type", "content_block_delta");
            event.put("index", index);
            event.putObject("delta").put("type", type).put(field, value);
            return event("content_block_delta", event);
        }

        private static String event(String name, ObjectNode data) {
            return "event: " + name + "\ndata: " + Json.write(data) + "\n\n";
        }
    }
}
