package io.relay4j.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.relay4j.simulator.Fault;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure OpenAI's classic deployment API: {@code POST /openai/deployments/{deployment}/chat/completions?api-version=...}
 * with the {@code api-key} header (or an Entra ID bearer token). Bodies and streams are OpenAI's, written by the
 * OpenAI dialect with Azure's content-filter annotations ({@link AzureContentFilter}); what is Azure's own lives
 * here: the path, auth, headers ({@code apim-request-id}, {@code retry-after-ms}), the error envelope
 * {@code {"error":{"code":"<string>","message":...}}} without a {@code type}, and the filter's refusals (a 400
 * {@code content_filter} with an {@code innererror} for a prompt, {@code finish_reason: "content_filter"} for an
 * answer).
 */
final class AzureOpenAiDialect implements VendorDialect {

    private static final Pattern PATH = Pattern.compile("/openai/deployments/([A-Za-z0-9._-]{1,64})/chat/completions");
    private static final long REQUEST_LIMIT = 1_000;
    private static final long TOKEN_LIMIT = 1_000_000;
    private static final String SERVER_ERROR_MESSAGE =
            "The server had an error while processing your request. Sorry about that!";

    private final AzureContentFilter filter = new AzureContentFilter();
    private final OpenAiDialect chat = new OpenAiDialect(filter);

    /** The deployment's endpoint; without an {@code api-version} Azure answers 404, as for any unknown resource. */
    @Override
    public Optional<Route> route(HttpMethod method, String path, Map<String, List<String>> query) {
        Matcher matcher = PATH.matcher(path);
        boolean versioned = query.getOrDefault("api-version", List.of()).stream().anyMatch(Credentials::present);
        return HttpMethod.POST.equals(method) && matcher.matches() && versioned
                ? Optional.of(new Route(false, Optional.of(matcher.group(1))))
                : Optional.empty();
    }

    @Override
    public boolean hasCredentials(HttpHeaders headers, Map<String, List<String>> query) {
        return Credentials.present(headers.get("api-key"))
                || Credentials.hasBearer(headers.get(HttpHeaderNames.AUTHORIZATION));
    }

    @Override
    public Optional<String> headerProblem(HttpHeaders headers) {
        return Optional.empty();
    }

    @Override
    public ParsedRequest parse(JsonNode body, Route route, int inputTokens) {
        return chat.parse(body, route, inputTokens);
    }

    @Override
    public Map<String, String> answerHeaders(ReplyContext context) {
        Map<String, String> headers = requestIds(context);
        headers.put("x-ratelimit-remaining-requests", Long.toString(context.remainingOf(REQUEST_LIMIT)));
        headers.put("x-ratelimit-remaining-tokens", Long.toString(TOKEN_LIMIT - context.inputTokens()));
        return headers;
    }

    @Override
    public ErrorReply statusFault(Fault fault, ReplyContext context) {
        return switch (fault) {
            case BAN_403 -> error(403, "403", "Access denied due to Virtual Network/Firewall rules.", context);
            case RATE_LIMIT_429 -> rateLimited(context);
            // Azure's wording of a spent quota is not confirmed; the code is OpenAI's, which Azure passes through
            case QUOTA_EXHAUSTED -> error(429, "insufficient_quota",
                    "You exceeded your current quota, please check your plan and billing details.", context);
            case OVERLOADED_529 -> error(503, "503",
                    "The service is temporarily overloaded with other requests. Please try again later.", context);
            case SERVER_ERROR_500 -> error(500, "InternalServerError", SERVER_ERROR_MESSAGE, context);
            case UNAVAILABLE_503 -> error(503, "ServiceUnavailable",
                    "The service is temporarily unable to process your request. Please try again later.", context);
            default -> throw new IllegalArgumentException(fault + " is not a status fault");
        };
    }

    @Override
    public Fault inStreamErrorWithoutStream() {
        return chat.inStreamErrorWithoutStream();
    }

    @Override
    public ErrorReply unauthenticated(ReplyContext context) {
        return error(401, "401", "Access denied due to invalid subscription key or wrong API endpoint. Make sure to"
                + " provide a valid key for an active subscription and use a correct regional API endpoint for your"
                + " resource.", context);
    }

    @Override
    public ErrorReply notFound(HttpMethod method, String path, ReplyContext context) {
        return error(404, "404", "Resource not found", context);
    }

    /** A body the model rejects: Azure passes OpenAI's validation error through. */
    @Override
    public ErrorReply invalidRequest(String message, ReplyContext context) {
        ErrorReply openAi = chat.invalidRequest(message, context);
        return new ErrorReply(openAi.status(), openAi.contentType(), requestIds(context), openAi.body());
    }

    /** A body the model rejects, with OpenAI's parameter and code: Azure passes OpenAI's validation error through. */
    @Override
    public ErrorReply invalidRequest(InvalidRequestException problem, ReplyContext context) {
        ErrorReply openAi = chat.invalidRequest(problem, context);
        return new ErrorReply(openAi.status(), openAi.contentType(), requestIds(context), openAi.body());
    }

    @Override
    public ContentPlanner.Style style() {
        return chat.style();
    }

    @Override
    public String jsonContentType() {
        return chat.jsonContentType();
    }

    @Override
    public String streamContentType() {
        return chat.streamContentType();
    }

    @Override
    public String completion(Answer answer) {
        return chat.completion(answer);
    }

    @Override
    public StreamRenderer streamRenderer(Answer answer) {
        return chat.streamRenderer(answer);
    }

    /** A filtered prompt: 400 {@code content_filter} with the policy and the verdict in {@code innererror}. */
    @Override
    public Optional<ErrorReply> promptRefusal(ReplyContext context) {
        ObjectNode body = envelope("content_filter", "The response was filtered due to the prompt triggering Azure"
                + " OpenAI's content management policy. Please modify your prompt and retry.");
        ObjectNode error = (ObjectNode) body.get("error");
        error.put("status", 400);
        error.set("innererror", filter.promptRefusalInnerError());
        return Optional.of(new ErrorReply(400, jsonContentType(), requestIds(context), Json.write(body)));
    }

    @Override
    public String refusedCompletion(Answer answer, String partialText, int partialTokens, boolean prompt) {
        return chat.refusedCompletion(answer, partialText, partialTokens, prompt);
    }

    /** 429 with {@code retry-after}, {@code retry-after-ms} and Azure's string code {@code "429"}. */
    private ErrorReply rateLimited(ReplyContext context) {
        Map<String, String> headers = answerHeaders(context);
        headers.put("x-ratelimit-remaining-requests", "0");
        headers.put("retry-after", Long.toString(context.retryAfterSeconds()));
        headers.put("retry-after-ms", Long.toString(context.retryAfter().toMillis()));
        String message = "Requests to the ChatCompletions_Create Operation under Azure OpenAI API version"
                + " 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry"
                + " after " + context.retryAfterSeconds() + " seconds.";
        return new ErrorReply(429, jsonContentType(), headers, Json.write(envelope("429", message)));
    }

    private ErrorReply error(int status, String code, String message, ReplyContext context) {
        return new ErrorReply(status, jsonContentType(), requestIds(context), Json.write(envelope(code, message)));
    }

    /** Azure's envelope: a string {@code code} and a message, no {@code type} or {@code param}. */
    private static ObjectNode envelope(String code, String message) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        return body;
    }

    private static Map<String, String> requestIds(ReplyContext context) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-request-id", context.requestId());
        headers.put("apim-request-id", context.requestId());
        return headers;
    }
}
