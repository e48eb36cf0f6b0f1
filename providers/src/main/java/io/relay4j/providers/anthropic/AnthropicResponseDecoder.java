package io.relay4j.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.ContentPart;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.providers.internal.ErrorBodies;
import io.relay4j.providers.internal.ErrorClassifier;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes a whole Messages API answer: its content blocks in order as the assistant message's parts
 * ({@link AnthropicContent}: text, thinking with its signature, redacted thinking, tool calls; server-tool and
 * unknown blocks are left out), the stop reason ({@code tool_use} is {@link FinishReason#TOOL_CALLS}), usage,
 * model and request id. A tool call whose input is not a JSON object is an {@code InvalidOutput}.
 *
 * <p>A {@code refusal} stop reason is a {@link ContentFiltered} error, whether or not some text came before
 * it: a refusal never reaches the caller as a normal answer.
 */
final class AnthropicResponseDecoder {

    private final AnthropicErrors errors;
    private final String defaultModel;

    AnthropicResponseDecoder(AnthropicErrors errors, String defaultModel) {
        this.errors = errors;
        this.defaultModel = defaultModel;
    }

    LlmResponse decode(HttpReply reply) {
        JsonNode body = parse(reply);
        if ("error".equals(body.path("type").asText()) && body.path("error").isObject()) {
            throw errors.fromReply(reply);
        }
        JsonNode content = body.path("content");
        if (!content.isArray()) {
            throw malformed(reply, "the answer has no content array");
        }
        Optional<String> requestId = ErrorClassifier.requestId(reply);
        ErrorDetails status = ErrorDetails.of(reply.provider()).withStatus(reply.status());
        ErrorDetails details = requestId.map(status::withRequestId).orElse(status);
        FinishReason finish = finishReason(body.path("stop_reason").asText(null));
        if (finish == FinishReason.CONTENT_FILTER) {
            throw new ContentFiltered("the model refused to answer",
                    details.withVendorCode(body.path("stop_reason").asText()));
        }
        AnthropicContent blocks = new AnthropicContent(reply.provider(), details);
        List<ContentPart> parts = new ArrayList<>();
        for (JsonNode block : content) {
            blocks.part(block).ifPresent(parts::add);
        }
        AnthropicUsage usage = new AnthropicUsage();
        usage.update(body.path("usage"));
        String model = body.path("model").asText(defaultModel);
        return LlmResponse.builder().message(AnthropicContent.message(parts)).provider(reply.provider()).model(model)
                .usage(usage.toUsage()).latency(reply.latency()).finishReason(finish).requestId(requestId).build();
    }

    /**
     * Anthropic's stop reason, normalised: a stop sequence is a normal stop; a full context window means the
     * answer was cut for length; {@code refusal} is {@link FinishReason#CONTENT_FILTER}, which the decoder and the
     * stream parser raise as {@link ContentFiltered}; {@code pause_turn} and reasons added later are
     * {@link FinishReason#OTHER}.
     * A missing reason is also {@code OTHER}: a complete JSON body is not a truncated answer.
     */
    static FinishReason finishReason(String stopReason) {
        if (stopReason == null) {
            return FinishReason.OTHER;
        }
        return switch (stopReason) {
            case "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }

    private JsonNode parse(HttpReply reply) {
        JsonNode body;
        try {
            body = Json.parse(reply.body());
        } catch (IOException e) {
            // the parser's own message may quote the body (answer text, an echoed key): keep neither
            throw malformed(reply, ErrorBodies.kind(reply.body()) == ErrorBodies.Kind.JSON
                    ? "HTTP " + reply.status() + " with JSON that cannot be parsed" + Json.location(e)
                    : ErrorBodies.describe(reply.status(), reply.body()));
        }
        if (!body.isObject()) {
            throw malformed(reply, "the body is not a JSON object");
        }
        return body;
    }

    private static MalformedResponse malformed(HttpReply reply, String what) {
        ErrorDetails details = ErrorDetails.of(reply.provider()).withStatus(reply.status());
        return new MalformedResponse(what, details.withRequestId(ErrorClassifier.requestId(reply).orElse(null)));
    }
}
