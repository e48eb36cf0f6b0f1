package io.relay4j.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.Reasoning;
import io.relay4j.core.ResponseFormat;
import io.relay4j.core.Role;
import io.relay4j.core.Tool;
import io.relay4j.core.ToolChoice;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.providers.internal.Json;
import io.relay4j.providers.internal.ProviderFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the Messages API body from a vendor-neutral request.
 *
 * <ul>
 *   <li>System messages go to the top-level {@code system} field, several joined by a blank line: the
 *       Messages API has no system role. The turns are {@link AnthropicMessagesEncoder}'s.</li>
 *   <li>{@code max_tokens} is required by Anthropic: the provider's default fills it in when the request has none.</li>
 *   <li>{@code temperature} is clamped to Anthropic's 0..1 range (relay4j accepts 0..2); {@code top_p} is sent;
 *       {@code seed} is not (the Messages API has none) and is ignored.</li>
 *   <li>Tools are {@code tools[{name, description, input_schema, strict}]}; the tool choice is {@code tool_choice}
 *       {@code auto}, {@code any} (required), {@code none} or {@code {type: tool, name}}, with
 *       {@code disable_parallel_tool_use} when parallel calls are off. Without tools no {@code tool_choice} is
 *       sent: the API refuses one.</li>
 *   <li>A JSON-schema response format is {@code output_config.format = {type: json_schema, schema}}, the API's
 *       own structured output (no beta header): the answer is held to the schema by the vendor.</li>
 *   <li>Reasoning: a budget is {@code thinking: {type: enabled, budget_tokens}}; {@code max_tokens} must exceed
 *       the budget (thinking counts as output), so a request without {@code maxTokens} gets the budget plus the
 *       provider's default, and one whose {@code maxTokens} is not above the budget is an {@link InvalidRequest}
 *       (a caller's limit is never raised silently). An effort is {@code thinking: {type: adaptive}} with
 *       {@code output_config.effort} ({@code MINIMAL} and {@code LOW} are {@code low}, {@code MEDIUM} is
 *       {@code medium}, {@code HIGH} is {@code high}, {@code MAX} is {@code max}). Off is
 *       {@code thinking: {type: disabled}}.</li>
 *   <li>With thinking on, the API refuses a modified temperature ("thinking isn't compatible with temperature
 *       or top_k modifications"), a {@code top_p} below 0.95 and, for a budget, a forced tool: the temperature
 *       is not sent, {@code top_p} is raised to 0.95, and a budget with a required or named tool choice is an
 *       {@link InvalidRequest} (adaptive thinking accepts it).</li>
 *   <li>When thinking is on but the last assistant turn calls tools without a thinking block of this provider
 *       (a tool loop another vendor or account started), or the conversation ends with an assistant prefill (a
 *       resumed stream), the API would refuse the request; {@code thinking} is left out of it instead, as the
 *       API's own error advises (the effort stays).</li>
 *   <li>Last, the request's fields for this provider are merged in ({@link ProviderFields}).</li>
 * </ul>
 */
final class AnthropicRequestEncoder {

    private static final String PARAGRAPH = "\n\n";
    /** The lowest {@code top_p} the API accepts while thinking. */
    private static final double THINKING_MIN_TOP_P = 0.95;

    private final AnthropicSettings settings;
    private final AnthropicMessagesEncoder messages;

    AnthropicRequestEncoder(AnthropicSettings settings) {
        this.settings = settings;
        this.messages = new AnthropicMessagesEncoder(settings.provider());
    }

    byte[] encode(LlmRequest request, boolean stream) {
        Optional<Reasoning> reasoning = request.reasoning();
        boolean thinkingOn = reasoning.map(Reasoning::enabled).orElse(false);
        ObjectNode body = Json.object();
        body.put("model", request.model().orElse(settings.model()));
        body.put("max_tokens", maxTokens(request));
        systemPrompt(request).ifPresent(text -> body.put("system", text));
        boolean withoutThinking = messages.encode(request.messages(), body.putArray("messages"));
        if (!request.stopSequences().isEmpty()) {
            ArrayNode stops = body.putArray("stop_sequences");
            request.stopSequences().forEach(stops::add);
        }
        if (request.temperature().isPresent() && !thinkingOn) {
            body.put("temperature", Math.min(1.0, request.temperature().getAsDouble()));
        }
        if (request.topP().isPresent()) {
            double topP = request.topP().getAsDouble();
            body.put("top_p", thinkingOn ? Math.max(THINKING_MIN_TOP_P, topP) : topP);
        }
        tools(request, body);
        reasoning.ifPresent(r -> reasoning(r, request, withoutThinking, body));
        request.responseFormat().ifPresent(format -> outputConfig(body).set("format", Json.object()
                .put("type", "json_schema").set("schema", schema(format))));
        if (stream) {
            body.put("stream", true);
        }
        return ProviderFields.merge(Json.bytes(body), request, settings.provider());
    }

    private int maxTokens(LlmRequest request) {
        int budget = request.reasoning().flatMap(r -> r.budget().isPresent()
                ? Optional.of(r.budget().getAsInt()) : Optional.empty()).orElse(0);
        if (request.maxTokens().isEmpty()) {
            return budget + settings.defaultMaxTokens();
        }
        int maxTokens = request.maxTokens().getAsInt();
        if (budget > 0 && maxTokens <= budget) {
            throw invalid("maxTokens (" + maxTokens + ") must be above the reasoning budget (" + budget
                    + "): Anthropic counts thinking as output; raise maxTokens or lower the budget");
        }
        return maxTokens;
    }

    private Optional<String> systemPrompt(LlmRequest request) {
        List<String> parts = new ArrayList<>();
        for (Message m : request.messages()) {
            if (m.role() == Role.SYSTEM) {
                parts.add(m.content());
            }
        }
        return Optional.of(String.join(PARAGRAPH, parts)).filter(text -> !text.isEmpty());
    }

    private void tools(LlmRequest request, ObjectNode body) {
        if (request.tools().isEmpty()) {
            return;
        }
        ArrayNode tools = body.putArray("tools");
        for (Tool tool : request.tools()) {
            ObjectNode declared = tools.addObject().put("name", tool.name());
            if (!tool.description().isEmpty()) {
                declared.put("description", tool.description());
            }
            declared.set("input_schema", json(tool.parametersJson(), "the parameters schema of tool '"
                    + tool.name() + "'"));
            if (tool.strict()) {
                declared.put("strict", true);
            }
        }
        ToolChoice choice = request.toolChoice().orElse(ToolChoice.auto());
        boolean serial = request.parallelToolCalls().map(parallel -> !parallel).orElse(false);
        if (request.toolChoice().isEmpty() && !serial) {
            return;
        }
        ObjectNode toolChoice = body.putObject("tool_choice");
        switch (choice.mode()) {
            case AUTO -> toolChoice.put("type", "auto");
            case NONE -> toolChoice.put("type", "none");
            case REQUIRED -> toolChoice.put("type", "any");
            case TOOL -> toolChoice.put("type", "tool").put("name", choice.toolName().orElseThrow());
        }
        if (serial && choice.mode() != ToolChoice.Mode.NONE) {
            toolChoice.put("disable_parallel_tool_use", true);
        }
    }

    private void reasoning(Reasoning reasoning, LlmRequest request, boolean withoutThinking, ObjectNode body) {
        if (!reasoning.enabled()) {
            body.putObject("thinking").put("type", "disabled");
            return;
        }
        if (reasoning.budget().isPresent()) {
            if (!withoutThinking) {
                ToolChoice.Mode mode = request.toolChoice().map(ToolChoice::mode).orElse(ToolChoice.Mode.AUTO);
                if (!request.tools().isEmpty() && (mode == ToolChoice.Mode.REQUIRED || mode == ToolChoice.Mode.TOOL)) {
                    throw invalid("Anthropic refuses a forced tool choice (" + mode + ") with a thinking budget: use"
                            + " an effort (adaptive thinking), an auto tool choice, or no reasoning");
                }
                body.putObject("thinking").put("type", "enabled")
                        .put("budget_tokens", reasoning.budget().getAsInt());
            }
            return;
        }
        if (!withoutThinking) {
            body.putObject("thinking").put("type", "adaptive");
        }
        outputConfig(body).put("effort", switch (reasoning.effortLevel().orElseThrow()) {
            case MINIMAL, LOW -> "low";
            case MEDIUM -> "medium";
            case HIGH -> "high";
            case MAX -> "max";
        });
    }

    private static ObjectNode outputConfig(ObjectNode body) {
        JsonNode existing = body.get("output_config");
        return existing instanceof ObjectNode config ? config : body.putObject("output_config");
    }

    private JsonNode schema(ResponseFormat format) {
        return json(format.schemaJson(), "response format '" + format.name() + "'");
    }

    private JsonNode json(String text, String what) {
        try {
            return Json.parse(text);
        } catch (IOException e) {
            throw invalid(what + " is not valid JSON" + Json.location(e) + ": fix its schema");
        }
    }

    private InvalidRequest invalid(String message) {
        return new InvalidRequest(message, ErrorDetails.of(settings.provider()));
    }
}
