package io.relay4j.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.relay4j.simulator.Fault;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * OpenAI Chat Completions: {@code POST /v1/chat/completions}, data-only SSE ending with {@code [DONE]}. Its body and
 * stream writers are also Azure OpenAI's ({@link AzureOpenAiDialect}): given an {@link AzureContentFilter}, every
 * body and chunk carries that filter's annotations and a refusal is {@code finish_reason: "content_filter"} instead
 * of OpenAI's {@code refusal} message, so the two formats share one writer and cannot drift apart.
 */
final class OpenAiDialect implements VendorDialect {

    private static final String PATH = "/v1/chat/completions";
    private static final long REQUEST_LIMIT = 10_000;
    private static final long TOKEN_LIMIT = 30_000_000;
    private static final String FILTERED = "content_filter";

    private final Optional<AzureContentFilter> filter;

    /** OpenAI's own format. */
    OpenAiDialect() {
        this.filter = Optional.empty();
    }

    /** The format with {@code filter}'s annotations and refusals (Azure OpenAI). */
    OpenAiDialect(AzureContentFilter filter) {
        this.filter = Optional.of(filter);
    }

    @Override
    public Optional<Route> route(HttpMethod method, String path, Map<String, List<String>> query) {
        return Route.byBody(PATH, method, path);
    }

    @Override
    public boolean hasCredentials(HttpHeaders headers, Map<String, List<String>> query) {
        return Credentials.hasBearer(headers.get(HttpHeaderNames.AUTHORIZATION));
    }

    @Override
    public Optional<String> headerProblem(HttpHeaders headers) {
        return Optional.empty();
    }

    @Override
    public ParsedRequest parse(JsonNode body, Route route, int inputTokens) {
        RequestFields fields = new RequestFields(body);
        // Azure's deployment path chooses the model: there the body may leave it out
        String model = body.hasNonNull("model") || route.pathModel().isEmpty()
                ? fields.requiredText("model", "you must provide a model parameter")
                : route.pathModel().get();
        fields.requiredArray("messages", "'messages' is a required property");
        OptionalInt maxTokens = fields.optionalPositiveInt("max_completion_tokens");
        if (maxTokens.isEmpty()) {
            maxTokens = fields.optionalPositiveInt("max_tokens");
        }
        boolean stream = fields.flag("stream");
        boolean includeUsage = stream && body.path("stream_options").path("include_usage").asBoolean(false);
        return new ParsedRequest(model, stream, includeUsage, maxTokens, inputTokens, OpenAiRequestReader.read(body,
                filter.isPresent() ? OpenAiRequestReader.AZURE_MAX_ID : OpenAiRequestReader.OPENAI_MAX_ID));
    }

    @Override
    public ContentPlanner.Style style() {
        return ContentPlanner.Style.OPENAI;
    }

    @Override
    public Map<String, String> answerHeaders(ReplyContext context) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-request-id", context.requestId());
        headers.put("openai-version", "2020-10-01");
        headers.put("openai-processing-ms", "1");
        headers.put("x-ratelimit-limit-requests", Long.toString(REQUEST_LIMIT));
        headers.put("x-ratelimit-limit-tokens", Long.toString(TOKEN_LIMIT));
        headers.put("x-ratelimit-remaining-requests",
                Long.toString(context.remainingOf(REQUEST_LIMIT)));
        headers.put("x-ratelimit-remaining-tokens", Long.toString(TOKEN_LIMIT - context.inputTokens()));
        headers.put("x-ratelimit-reset-requests", "6ms");
        headers.put("x-ratelimit-reset-tokens", "0s");
        return headers;
    }

    @Override
    public ErrorReply statusFault(Fault fault, ReplyContext context) {
        return switch (fault) {
            case BAN_403 -> error(403, "Country, region, or territory not supported", "request_forbidden",
                    "unsupported_country_region_territory", context);
            case RATE_LIMIT_429 -> rateLimited(context);
            case QUOTA_EXHAUSTED -> error(429,
                    "You exceeded your current quota, please check your plan and billing details.",
                    "insufficient_quota", "insufficient_quota", context);
            case OVERLOADED_529 -> error(503, "The engine is currently overloaded, please try again later.",
                    "server_error", null, context);
            case SERVER_ERROR_500 -> error(500, SERVER_ERROR_MESSAGE, "server_error", "server_error", context);
            case UNAVAILABLE_503 -> error(503, "Service Unavailable.", "server_error", "service_unavailable", context);
            default -> throw new IllegalArgumentException(fault + " is not a status fault");
        };
    }

    private static final String SERVER_ERROR_MESSAGE =
            "The server had an error while processing your request. Sorry about that!";

    @Override
    public Fault inStreamErrorWithoutStream() {
        return Fault.SERVER_ERROR_500;
    }

    @Override
    public ErrorReply unauthenticated(ReplyContext context) {
        return error(401, "You didn't provide an API key. You need to provide your API key in an Authorization header"
                + " using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", "invalid_request_error", null, context);
    }

    @Override
    public ErrorReply notFound(HttpMethod method, String path, ReplyContext context) {
        return error(404, "Invalid URL (" + method.name() + " " + path + ")", "invalid_request_error", null, context);
    }

    @Override
    public ErrorReply invalidRequest(String message, ReplyContext context) {
        return error(400, message, "invalid_request_error", null, context);
    }

    @Override
    public ErrorReply invalidRequest(InvalidRequestException problem, ReplyContext context) {
        ObjectNode body = errorBody(problem.getMessage(), "invalid_request_error", problem.code().orElse(null));
        problem.param().ifPresent(param -> ((ObjectNode) body.get("error")).put("param", param));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-request-id", context.requestId());
        return new ErrorReply(400, jsonContentType(), headers, Json.write(body));
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
        String text = answer.fullText();
        boolean calls = answer.content().hasToolCalls();
        return completion(answer, text.isEmpty() && calls ? null : text, null, finishReason(answer),
                answer.outputTokens());
    }

    /** A {@code chat.completion} body; {@code content} and {@code refusal} are {@code null} when absent. */
    private String completion(Answer answer, String content, String refusal, String finishReason,
                                     int outputTokens) {
        ObjectNode body = Json.object();
        body.put("id", answer.id());
        body.put("object", "chat.completion");
        body.put("created", answer.createdEpochSeconds());
        body.put("model", answer.model());
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        message.put("refusal", refusal);
        if ("tool_calls".equals(finishReason)) {
            ArrayNode calls = message.putArray("tool_calls");
            for (Block.ToolUse call : answer.content().toolCalls()) {
                ObjectNode wire = calls.addObject();
                wire.put("id", call.id());
                wire.put("type", "function");
                wire.putObject("function").put("name", call.name()).put("arguments", call.arguments());
            }
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        annotate(choice, FILTERED.equals(finishReason));
        body.set("usage", usage(answer.inputTokens(), outputTokens, answer.reasoningTokens()));
        body.put("system_fingerprint", "fp_relay4j_sim");
        filter.ifPresent(f -> body.set("prompt_filter_results", f.promptResults()));
        return Json.write(body);
    }

    @Override
    public StreamRenderer streamRenderer(Answer answer) {
        return new Renderer(answer, filter);
    }

    @Override
    public Optional<ErrorReply> promptRefusal(ReplyContext context) {
        return Optional.of(error(400, "Your request was rejected as a result of our safety system. Your prompt may"
                + " contain text that is not allowed by our safety system.", "invalid_request_error",
                "content_policy_violation", context));
    }

    /**
     * OpenAI's structured-outputs refusal: {@code content} holds only what came before, {@code refusal} the model's
     * words; with a content filter, what came before and {@code finish_reason: "content_filter"}.
     */
    @Override
    public String refusedCompletion(Answer answer, String partialText, int partialTokens, boolean prompt) {
        if (filter.isPresent()) {
            return completion(answer, partialText.isEmpty() ? null : partialText, null, FILTERED, partialTokens);
        }
        return completion(answer, partialText.isEmpty() ? null : partialText, REFUSAL, "stop",
                partialTokens + REFUSAL_TOKENS);
    }

    private static final String REFUSAL = "I'm sorry, but I can't help with that.";
    private static final int REFUSAL_TOKENS = 9;

    /** Adds the content filter's verdict on a choice, when this format has a filter. */
    private void annotate(ObjectNode choice, boolean filtered) {
        annotate(filter, choice, filtered);
    }

    private static void annotate(Optional<AzureContentFilter> filter, ObjectNode choice, boolean filtered) {
        filter.ifPresent(f -> choice.set("content_filter_results", f.results(filtered)));
    }

    private static String finishReason(Answer answer) {
        return answer.content().hasToolCalls() ? "tool_calls" : answer.cutByMaxTokens() ? "length" : "stop";
    }

    /** Usage with its breakdowns: cached tokens inside the prompt, reasoning tokens inside the completion. */
    private static ObjectNode usage(int inputTokens, int outputTokens, int reasoningTokens) {
        ObjectNode usage = Json.object();
        usage.put("prompt_tokens", inputTokens);
        usage.put("completion_tokens", outputTokens);
        usage.put("total_tokens", inputTokens + outputTokens);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", Math.min(reasoningTokens, outputTokens));
        return usage;
    }

    private static ObjectNode errorBody(String message, String type, String code) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return body;
    }

    private ErrorReply error(int status, String message, String type, String code, ReplyContext context) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-request-id", context.requestId());
        return new ErrorReply(status, jsonContentType(), headers, Json.write(errorBody(message, type, code)));
    }

    private ErrorReply rateLimited(ReplyContext context) {
        Map<String, String> headers = new LinkedHashMap<>(answerHeaders(context));
        headers.put("x-ratelimit-remaining-requests", "0");
        headers.put("x-ratelimit-reset-requests", goDuration(context.retryAfter()));
        headers.put("retry-after", Long.toString(context.retryAfterSeconds()));
        String message = "Rate limit reached for requests per min (RPM): Limit " + REQUEST_LIMIT + ", Used "
                + REQUEST_LIMIT + ", Requested 1. Please try again in " + goDuration(context.retryAfter()) + ".";
        return new ErrorReply(429, jsonContentType(), headers,
                Json.write(errorBody(message, "requests", "rate_limit_exceeded")));
    }

    /** A duration the way OpenAI's reset headers spell it: {@code 1s}, {@code 6m0s}, {@code 250ms}. */
    static String goDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        long minutes = millis / 60_000;
        double seconds = (millis % 60_000) / 1000.0;
        String secondsText = seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
        return minutes > 0 ? minutes + "m" + secondsText + "s" : secondsText + "s";
    }

    /** Chunks of one stream; they share id, created and model. */
    private static final class Renderer implements StreamRenderer {
        private static final String DONE = "data: [DONE]\n\n";
        private final Answer answer;
        private final Optional<AzureContentFilter> filter;
        private final EventTemplate content;

        Renderer(Answer answer, Optional<AzureContentFilter> filter) {
            this.answer = answer;
            this.filter = filter;
            ObjectNode chunk = chunk(answer);
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("delta").put("content", EventTemplate.SLOT);
            choice.putNull("logprobs");
            choice.putNull("finish_reason");
            annotate(filter, choice, false);
            this.content = EventTemplate.of("data: ", chunk, "\n\n");
        }

        /** The role chunk, after the filter's prompt annotation (a frame with no choices) when there is a filter. */
        @Override
        public String opening() {
            ObjectNode chunk = chunk(answer);
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode delta = choice.putObject("delta");
            delta.put("role", "assistant");
            delta.put("content", "");
            delta.putNull("refusal");
            choice.putNull("logprobs");
            choice.putNull("finish_reason");
            annotate(filter, choice, false);
            return filter.map(f -> event(f.promptAnnotation())).orElse("") + event(chunk);
        }

        /** A call's first delta: its index, id, type, name and empty arguments. */
        @Override
        public String blockStart(int index, Block block) {
            if (!(block instanceof Block.ToolUse call)) {
                return "";
            }
            ObjectNode chunk = chunk(answer);
            ObjectNode entry = toolCallEntry(chunk, call);
            entry.put("id", call.id());
            entry.put("type", "function");
            entry.putObject("function").put("name", call.name()).put("arguments", "");
            return event(chunk);
        }

        /** A text token, or a fragment of a call's arguments on the call's index (no id, no name). */
        @Override
        public String delta(int index, Block block, String delta, boolean last) {
            if (block instanceof Block.ToolUse call) {
                ObjectNode chunk = chunk(answer);
                toolCallEntry(chunk, call).putObject("function").put("arguments", delta);
                return event(chunk);
            }
            return content.render(delta);
        }

        @Override
        public String blockStop(int index, Block block) {
            return "";
        }

        /** Fills {@code chunk} with a choice whose delta holds one {@code tool_calls} entry, and returns the entry. */
        private ObjectNode toolCallEntry(ObjectNode chunk, Block.ToolUse call) {
            ObjectNode choice = chunk.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode entry = choice.putObject("delta").putArray("tool_calls").addObject();
            entry.put("index", answer.content().toolIndex(call));
            choice.putNull("logprobs");
            choice.putNull("finish_reason");
            annotate(filter, choice, false);
            return entry;
        }

        @Override
        public String closing() {
            return closingWithoutEndMarker() + DONE;
        }

        @Override
        public String closingWithoutEndMarker() {
            return finish(finishReason(answer), answer.outputTokens());
        }

        /** OpenAI's refusal delta then finish reason {@code stop}; with a filter, finish reason {@code content_filter}. */
        @Override
        public String refusal(int tokensSent, boolean prompt) {
            if (filter.isPresent()) {
                return finish(FILTERED, tokensSent) + DONE;
            }
            ObjectNode refusal = chunk(answer);
            ObjectNode choice = refusal.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode delta = choice.putObject("delta");
            delta.putNull("content");
            delta.put("refusal", REFUSAL);
            choice.putNull("logprobs");
            choice.putNull("finish_reason");
            return event(refusal) + finish("stop", tokensSent + REFUSAL_TOKENS) + DONE;
        }

        /** The finish-reason chunk, and the usage chunk when the request asked for it. */
        private String finish(String reason, int outputTokens) {
            ObjectNode finish = chunk(answer);
            ObjectNode choice = finish.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("delta");
            choice.putNull("logprobs");
            choice.put("finish_reason", reason);
            annotate(filter, choice, FILTERED.equals(reason));
            StringBuilder events = new StringBuilder(event(finish));
            if (answer.includeUsage()) {
                ObjectNode usageChunk = chunk(answer);
                usageChunk.putArray("choices");
                usageChunk.set("usage", usage(answer.inputTokens(), outputTokens, answer.reasoningTokens()));
                events.append(event(usageChunk));
            }
            return events.toString();
        }

        @Override
        public String inStreamError() {
            return event(errorBody(SERVER_ERROR_MESSAGE, "server_error", null));
        }

        @Override
        public String brokenEvent() {
            String whole = content.render("x");
            return whole.substring(0, whole.length() / 2) + "\n\n";
        }

        private static ObjectNode chunk(Answer answer) {
            ObjectNode chunk = Json.object();
            chunk.put("id", answer.id());
            chunk.put("object", "chat.completion.chunk");
            chunk.put("created", answer.createdEpochSeconds());
            chunk.put("model", answer.model());
            chunk.put("system_fingerprint", "fp_relay4j_sim");
            return chunk;
        }

        private static String event(ObjectNode node) {
            return "data: " + Json.write(node) + "\n\n";
        }
    }
}
