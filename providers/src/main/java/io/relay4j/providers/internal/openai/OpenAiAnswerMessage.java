package io.relay4j.providers.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.ContentPart;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderState;
import io.relay4j.core.ReasoningPart;
import io.relay4j.core.TextPart;
import io.relay4j.core.ToolCall;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.providers.internal.ToolCalls;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the assistant message of a Chat Completions answer, the one way for the whole decoder and the stream's last
 * chunk, so folding a stream gives what {@code generate} gives. Parts in the vendor's order: reasoning (where the
 * server returns it), text (left out only when the answer has tool calls and no text), tool calls.
 *
 * <p>Reasoning ({@code reasoning_content} of DeepSeek and vLLM, {@code reasoning} of Ollama and OpenRouter) carries a
 * {@link ProviderState} naming this provider and the field it came in, so it goes back to this provider only, in that
 * field. A call's {@code extra_content} (Gemini's thought signature through its OpenAI endpoint) is kept the same way.
 */
final class OpenAiAnswerMessage {

    private OpenAiAnswerMessage() {
    }

    /**
     * The answer.
     *
     * @param reasoning      the reasoning text, empty when none
     * @param reasoningField the field it came in ({@code reasoning_content} or {@code reasoning})
     * @param text           the answer's text, empty when none
     * @param calls          the complete tool calls, in order
     */
    static Message of(String reasoning, String reasoningField, String text, List<ToolCall> calls,
                      OpenAiOptions options) {
        if (reasoning.isEmpty() && calls.isEmpty()) {
            return Message.assistant(text);
        }
        List<ContentPart> parts = new ArrayList<>(calls.size() + 2);
        if (!reasoning.isEmpty()) {
            parts.add(ReasoningPart.of(reasoning)
                    .withState(ProviderState.of(options.provider(), options.vendor(), reasoningField)));
        }
        if (!text.isEmpty() || calls.isEmpty()) {
            parts.add(TextPart.of(text));
        }
        parts.addAll(calls);
        return Message.assistant(parts);
    }

    /**
     * One finished call: {@link ToolCalls#complete} (an {@link io.relay4j.core.error.InvalidOutput} for arguments
     * that are not a JSON object), with its {@code extra_content} as state where the server sent one.
     *
     * @param extraContent the call's {@code extra_content}, or {@code null}
     */
    static ToolCall call(String id, String name, String argumentsJson, JsonNode extraContent, OpenAiOptions options,
                         ErrorDetails details) {
        ToolCall call = ToolCalls.complete(id, name, argumentsJson, details);
        if (extraContent != null && extraContent.isObject()) {
            call = call.withState(ProviderState.of(options.provider(), options.vendor(), extraContent.toString()));
        }
        return call;
    }

    /** The text of {@code arguments}: a JSON string as OpenAI sends it, or an object some gateways send instead. */
    static String argumentsText(JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return "";
        }
        return arguments.isTextual() ? arguments.asText() : arguments.toString();
    }
}
