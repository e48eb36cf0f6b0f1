package io.relay4j.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.ResponseFormat;
import io.relay4j.core.Role;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.providers.internal.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the Messages API body from a vendor-neutral request.
 *
 * <ul>
 *   <li>System messages go to the top-level {@code system} field, several joined by a blank line: the
 *       Messages API has no system role.</li>
 *   <li>Consecutive turns of the same role are merged (joined by a blank line), as the API expects
 *       alternating turns.</li>
 *   <li>A last assistant turn is a prefill; its trailing whitespace is removed because the API refuses a
 *       final assistant turn that ends with whitespace.</li>
 *   <li>{@code max_tokens} is required by Anthropic: the provider's default fills it in when the request has none.</li>
 *   <li>{@code temperature} is clamped to Anthropic's 0..1 range (relay4j accepts 0..2).</li>
 *   <li>A JSON-schema response format becomes a system instruction carrying the schema: the classic
 *       Messages API has no response-format field, and an instruction keeps the answer in ordinary text
 *       blocks, streamed like any other answer.</li>
 * </ul>
 */
final class AnthropicRequestEncoder {

    private static final String PARAGRAPH = "\n\n";

    private final AnthropicSettings settings;

    AnthropicRequestEncoder(AnthropicSettings settings) {
        this.settings = settings;
    }

    byte[] encode(LlmRequest request, boolean stream) {
        ObjectNode body = Json.object();
        body.put("model", request.model().orElse(settings.model()));
        body.put("max_tokens", request.maxTokens().orElse(settings.defaultMaxTokens()));
        systemPrompt(request).ifPresent(text -> body.put("system", text));
        turns(request.messages(), body.putArray("messages"));
        if (!request.stopSequences().isEmpty()) {
            ArrayNode stops = body.putArray("stop_sequences");
            request.stopSequences().forEach(stops::add);
        }
        if (request.temperature().isPresent()) {
            body.put("temperature", Math.min(1.0, request.temperature().getAsDouble()));
        }
        if (stream) {
            body.put("stream", true);
        }
        return Json.bytes(body);
    }

    private Optional<String> systemPrompt(LlmRequest request) {
        List<String> parts = new ArrayList<>();
        for (Message m : request.messages()) {
            if (m.role() == Role.SYSTEM) {
                parts.add(m.content());
            }
        }
        request.responseFormat().ifPresent(format -> parts.add(schemaInstruction(format)));
        return Optional.of(String.join(PARAGRAPH, parts)).filter(text -> !text.isEmpty());
    }

    private String schemaInstruction(ResponseFormat format) {
        JsonNode schema;
        try {
            schema = Json.parse(format.schemaJson());
        } catch (IOException e) {
            throw new InvalidRequest("response format '" + format.name() + "' is not valid JSON: fix its schemaJson",
                    ErrorDetails.of(settings.provider()));
        }
        return "Answer with one JSON value that conforms to the JSON Schema named \"" + format.name()
                + "\" below. Output only that JSON: no prose before or after it, no Markdown code fences."
                + PARAGRAPH + schema;
    }

    private void turns(List<Message> messages, ArrayNode turns) {
        List<Message> merged = new ArrayList<>();
        for (Message m : messages) {
            if (m.role() == Role.SYSTEM) {
                continue;
            }
            int last = merged.size() - 1;
            if (last >= 0 && merged.get(last).role() == m.role()) {
                merged.set(last, Message.of(m.role(), merged.get(last).content() + PARAGRAPH + m.content()));
            } else {
                merged.add(m);
            }
        }
        if (merged.isEmpty()) {
            throw new InvalidRequest("Anthropic needs at least one user or assistant message besides system ones",
                    ErrorDetails.of(settings.provider()));
        }
        for (int i = 0; i < merged.size(); i++) {
            Message m = merged.get(i);
            boolean prefill = i == merged.size() - 1 && m.role() == Role.ASSISTANT;
            turns.addObject()
                    .put("role", m.role() == Role.USER ? "user" : "assistant")
                    .put("content", prefill ? m.content().stripTrailing() : m.content());
        }
    }
}
