package io.relay4j.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.relay4j.simulator.Fault;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Gemini generateContent: {@code POST /v1beta/models/{model}:generateContent} and
 * {@code :streamGenerateContent?alt=sse}, data-only SSE with CRLF framing and no end sentinel.
 */
final class GeminiDialect implements VendorDialect {

    private static final String MODELS = "/v1beta/models/";
    private static final String UNARY = ":generateContent";
    private static final String STREAM = ":streamGenerateContent";

    @Override
    public Optional<Route> route(HttpMethod method, String path, Map<String, List<String>> query) {
        if (!HttpMethod.POST.equals(method) || !path.startsWith(MODELS)) {
            return Optional.empty();
        }
        String rest = path.substring(MODELS.length());
        boolean streaming = rest.endsWith(STREAM);
        if (!streaming && !rest.endsWith(UNARY)) {
            return Optional.empty();
        }
        String model = QueryStringDecoder.decodeComponent(
                rest.substring(0, rest.length() - (streaming ? STREAM : UNARY).length()), StandardCharsets.UTF_8);
        if (model.isBlank() || model.contains("/")) {
            return Optional.empty();
        }
        if (streaming && !query.getOrDefault("alt", List.of()).contains("sse")) {
            throw new InvalidRequestException("the simulator streams only with alt=sse; add ?alt=sse to the URL");
        }
        return Optional.of(new Route(streaming, Optional.of(model)));
    }

    @Override
    public boolean hasCredentials(HttpHeaders headers, Map<String, List<String>> query) {
        return Credentials.present(headers.get("x-goog-api-key"))
                || query.getOrDefault("key", List.of()).stream().anyMatch(Credentials::present);
    }

    @Override
    public Optional<String> headerProblem(HttpHeaders headers) {
        return Optional.empty();
    }

    @Override
    public ParsedRequest parse(JsonNode body, Route route, int inputTokens) {
        RequestFields fields = new RequestFields(body);
        fields.requiredArray("contents", "* GenerateContentRequest.contents: contents is not specified");
        OptionalInt maxTokens = RequestFields.positiveInt(
                body.path("generationConfig").get("maxOutputTokens"), "generationConfig.maxOutputTokens");
        String model = route.pathModel().orElseThrow(() -> new InvalidRequestException("no model in the path"));
        return new ParsedRequest(model, route.streaming(), false, maxTokens, inputTokens,
                GeminiRequestReader.read(body, model));
    }

    @Override
    public ContentPlanner.Style style() {
        return ContentPlanner.Style.GEMINI;
    }

    @Override
    public Map<String, String> answerHeaders(ReplyContext context) {
        return Map.of("server", "scaffolding on HTTPServer2");
    }

    @Override
    public ErrorReply statusFault(Fault fault, ReplyContext context) {
        return switch (fault) {
            case BAN_403 -> error(403, "PERMISSION_DENIED", "Permission denied: Consumer has been suspended.", null);
            case RATE_LIMIT_429 -> error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).",
                    quotaDetails("GenerateRequestsPerMinutePerProjectPerModel", "retryDelay",
                            context.retryAfterSeconds() + "s"));
            case QUOTA_EXHAUSTED -> error(429, "RESOURCE_EXHAUSTED",
                    "You exceeded your current quota, please check your plan and billing details.",
                    quotaDetails("GenerateRequestsPerDayPerProjectPerModel", null, null));
            case OVERLOADED_529 -> error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.", null);
            case SERVER_ERROR_500 -> error(500, "INTERNAL", "An internal error has occurred. Please retry.", null);
            case UNAVAILABLE_503 -> error(503, "UNAVAILABLE", "The service is currently unavailable.", null);
            default -> throw new IllegalArgumentException(fault + " is not a status fault");
        };
    }

    @Override
    public Fault inStreamErrorWithoutStream() {
        return Fault.OVERLOADED_529;
    }

    @Override
    public ErrorReply unauthenticated(ReplyContext context) {
        return error(401, "UNAUTHENTICATED", "Request is missing required authentication credential."
                + " Expected OAuth 2 access token, API key, or other valid authentication credential.", null);
    }

    @Override
    public ErrorReply notFound(HttpMethod method, String path, ReplyContext context) {
        return error(404, "NOT_FOUND", "The requested URL was not found on this server.", null);
    }

    @Override
    public ErrorReply invalidRequest(String message, ReplyContext context) {
        return error(400, "INVALID_ARGUMENT", message, null);
    }

    @Override
    public String jsonContentType() {
        return "application/json; charset=UTF-8";
    }

    @Override
    public String streamContentType() {
        return "text/event-stream";
    }

    @Override
    public String completion(Answer answer) {
        ObjectNode body = response(answer);
        ObjectNode candidate = ((ArrayNode) body.get("candidates")).addObject();
        ObjectNode content = candidate.putObject("content");
        ArrayNode parts = content.putArray("parts");
        for (Block block : answer.content().blocks()) {
            if (block instanceof Block.Reasoning thought) {
                parts.addObject().put("text", thought.text()).put("thought", true);
            } else if (block instanceof Block.ToolUse call) {
                parts.add(callPart(call));
            } else if (block.units() > 0 || answer.content().blocks().size() == 1) {
                Block.Text text = (Block.Text) block;
                parts.addObject().put("text", text.text());
                // Gemini returns a text answer's signature on an empty part after the text (thought-signatures guide)
                text.signature().ifPresent(signature -> parts.add(signaturePart(signature)));
            }
        }
        content.put("role", "model");
        candidate.put("index", 0);
        candidate.put("finishReason", finishReason(answer));
        body.set("usageMetadata", usage(answer, true));
        return Json.write(body);
    }

    @Override
    public StreamRenderer streamRenderer(Answer answer) {
        return new Renderer(answer);
    }

    @Override
    public Optional<ErrorReply> promptRefusal(ReplyContext context) {
        return Optional.empty();
    }

    /**
     * A blocked prompt ({@code promptFeedback.blockReason}, no candidate), or a candidate stopped by the safety filter
     * after the text before it.
     */
    @Override
    public String refusedCompletion(Answer answer, String partialText, int partialTokens, boolean prompt) {
        return Json.write(refused(answer, partialText, partialTokens, prompt));
    }

    private static ObjectNode refused(Answer answer, String text, int outputTokens, boolean prompt) {
        ObjectNode body = response(answer);
        if (prompt) {
            body.remove("candidates");
            ObjectNode feedback = body.putObject("promptFeedback");
            feedback.put("blockReason", "SAFETY");
            feedback.set("safetyRatings", blockedRating());
        } else {
            ObjectNode candidate = text.isEmpty() ? ((ArrayNode) body.get("candidates")).addObject().put("index", 0)
                    : candidate(body, text);
            candidate.put("finishReason", "SAFETY");
            candidate.set("safetyRatings", blockedRating());
        }
        ObjectNode usage = Json.object();
        usage.put("promptTokenCount", answer.inputTokens());
        usage.put("candidatesTokenCount", outputTokens);
        usage.put("totalTokenCount", answer.inputTokens() + outputTokens);
        body.set("usageMetadata", usage);
        return body;
    }

    private static ArrayNode blockedRating() {
        ArrayNode ratings = Json.array();
        ratings.addObject().put("category", "HARM_CATEGORY_DANGEROUS_CONTENT").put("probability", "HIGH")
                .put("blocked", true);
        return ratings;
    }

    private static ObjectNode response(Answer answer) {
        ObjectNode body = Json.object();
        body.putArray("candidates");
        body.put("modelVersion", answer.model());
        body.put("responseId", answer.id());
        return body;
    }

    private static ObjectNode candidate(ObjectNode response, String text) {
        ObjectNode candidate = ((ArrayNode) response.get("candidates")).addObject();
        ObjectNode content = candidate.putObject("content");
        content.putArray("parts").addObject().put("text", text);
        content.put("role", "model");
        candidate.put("index", 0);
        return candidate;
    }

    /** The empty text part that carries a text answer's thought signature. */
    private static ObjectNode signaturePart(String signature) {
        return Json.object().put("text", "").put("thoughtSignature", signature);
    }

    /** A {@code functionCall} part (with the call's id on models that send one) and its thought signature. */
    private static ObjectNode callPart(Block.ToolUse call) {
        ObjectNode part = Json.object();
        ObjectNode functionCall = part.putObject("functionCall");
        functionCall.put("name", call.name());
        functionCall.set("args", Json.parse(call.arguments()));
        if (!call.id().isEmpty()) {
            functionCall.put("id", call.id());
        }
        call.signature().ifPresent(signature -> part.put("thoughtSignature", signature));
        return part;
    }

    /**
     * Usage as Gemini counts it: thoughts outside the candidates ({@code thoughtsTokenCount}), the cached share
     * inside the prompt ({@code cachedContentTokenCount}, present when the answer thought).
     */
    private static ObjectNode usage(Answer answer, boolean complete) {
        ObjectNode usage = Json.object();
        usage.put("promptTokenCount", answer.inputTokens());
        int thoughts = answer.reasoningTokens();
        int candidates = answer.outputTokens() - thoughts;
        if (complete) {
            usage.put("candidatesTokenCount", candidates);
        }
        usage.put("totalTokenCount", answer.inputTokens() + (complete ? answer.outputTokens() : 0));
        if (thoughts > 0) {
            usage.put("cachedContentTokenCount", 0);
            if (complete) {
                usage.put("thoughtsTokenCount", thoughts);
            }
        }
        return usage;
    }

    private static String finishReason(Answer answer) {
        return answer.cutByMaxTokens() ? "MAX_TOKENS" : "STOP";
    }

    private static ArrayNode quotaDetails(String quotaId, String retryField, String retryValue) {
        ArrayNode details = Json.array();
        ObjectNode failure = details.addObject();
        failure.put("@type", "type.googleapis.com/google.rpc.QuotaFailure");
        ObjectNode violation = failure.putArray("violations").addObject();
        violation.put("quotaMetric", "generativelanguage.googleapis.com/generate_content_requests");
        violation.put("quotaId", quotaId);
        if (retryField != null) {
            details.addObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo").put(retryField, retryValue);
        }
        return details;
    }

    private static ObjectNode errorBody(int code, String status, String message, ArrayNode details) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        if (details != null) {
            error.set("details", details);
        }
        return body;
    }

    private ErrorReply error(int code, String status, String message, ArrayNode details) {
        return new ErrorReply(code, jsonContentType(), Map.of(), Json.write(errorBody(code, status, message, details)));
    }

    /** Chunks of one stream: incremental text, usage on every chunk, finish reason and full usage on the last. */
    private static final class Renderer implements StreamRenderer {
        private final Answer answer;
        private final EventTemplate partial;
        private int deltaBlock = -1;
        private int sentInBlock;

        Renderer(Answer answer) {
            this.answer = answer;
            ObjectNode chunk = response(answer);
            candidate(chunk, EventTemplate.SLOT);
            chunk.set("usageMetadata", usage(answer, false));
            this.partial = EventTemplate.of("data: ", chunk, "\r\n\r\n");
        }

        @Override
        public String opening() {
            return "";
        }

        @Override
        public String blockStart(int index, Block block) {
            return "";
        }

        @Override
        public String blockStop(int index, Block block) {
            return "";
        }

        /**
         * One chunk per delta: a text part, a {@code thought: true} part, or a whole {@code functionCall} part (parallel
         * calls one per chunk, no index); the last chunk of the answer carries the finish reason and full usage.
         */
        @Override
        public String delta(int index, Block block, String delta, boolean last) {
            if (index != deltaBlock) {
                deltaBlock = index;
                sentInBlock = 0;
            }
            boolean lastOfBlock = ++sentInBlock == block.units();
            Optional<String> textSignature = block instanceof Block.Text text && lastOfBlock
                    ? text.signature() : Optional.empty();
            boolean plain = block instanceof Block.Text && textSignature.isEmpty();
            if (!last && plain) {
                return partial.render(delta);
            }
            ObjectNode chunk = response(answer);
            ObjectNode candidate = candidate(chunk, delta);
            ObjectNode part = (ObjectNode) candidate.get("content").get("parts").get(0);
            if (block instanceof Block.Reasoning) {
                part.put("thought", true);
            } else if (block instanceof Block.ToolUse call) {
                part.removeAll();
                part.setAll(callPart(call));
            } else if (textSignature.isPresent()) {
                // as in a whole answer: the text's signature on an empty part after its last piece
                ((ArrayNode) candidate.get("content").get("parts")).add(signaturePart(textSignature.get()));
            }
            if (last) {
                candidate.put("finishReason", finishReason(answer));
            }
            chunk.set("usageMetadata", usage(answer, last));
            return event(chunk);
        }

        /** Nothing after the last delta, which carries the finish sign; an answer without deltas still needs one. */
        @Override
        public String closing() {
            return answer.units() == 0 ? delta(0, Block.Text.lorem(0, 0), "", true) : "";
        }

        /** Gemini's only end sign is the last token's finish reason: nothing follows it either way. */
        @Override
        public String closingWithoutEndMarker() {
            return closing();
        }

        @Override
        public String refusal(int tokensSent, boolean prompt) {
            return event(refused(answer, "", tokensSent, prompt));
        }

        @Override
        public String inStreamError() {
            return event(errorBody(503, "UNAVAILABLE", "The model is overloaded. Please try again later.", null));
        }

        @Override
        public String brokenEvent() {
            String whole = partial.render("x");
            return whole.substring(0, whole.length() / 2) + "\r\n\r\n";
        }

        private static String event(ObjectNode node) {
            return "data: " + Json.write(node) + "\r\n\r\n";
        }
    }
}
