package io.relay4j.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.ContentPart;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderState;
import io.relay4j.core.ReasoningPart;
import io.relay4j.core.Role;
import io.relay4j.core.TextPart;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolCallDelta;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.providers.internal.Json;
import io.relay4j.providers.internal.ToolCalls;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds one answer's assistant message from Gemini's candidate parts, in arrival order: the whole decoder feeds it
 * the parts of one response, the stream parser those of every chunk, so both build the same message from the same
 * parts (fold equals generate).
 *
 * <ul>
 *   <li>{@code thought: true} text is a {@link ReasoningPart}, other text a {@link TextPart}; adjacent unsigned parts
 *       of one kind merge into one part (a stream's deltas, or a whole answer's split text);</li>
 *   <li>a part's {@code thoughtSignature} becomes {@link ProviderState} of this provider and vendor
 *       {@value #VENDOR} on that part alone: a signed part is never merged with another (Gemini requires each
 *       signature back exactly on its part). A signature on an empty or unknown part stays on an empty text (or
 *       reasoning) part, so it still goes back;</li>
 *   <li>each {@code functionCall} is a complete {@link ToolCall} with Gemini's {@code id}, or, where Gemini gave none
 *       (2.5 models), an id synthesized from the request's turn and the call's position in the answer
 *       ({@link #synthesizedId(int, int)}), which the encoder never sends back to Gemini;</li>
 *   <li>unsigned empty text and parts relay4j does not model (code execution, generated images) are skipped.</li>
 * </ul>
 * Used by one thread at a time.
 */
final class GeminiAnswer {

    /** The vendor name Gemini's opaque state is bound to. */
    static final String VENDOR = "gcp.gemini";
    /** Marks the ids relay4j made up for calls Gemini sent without one: they are never sent to Gemini. */
    static final String SYNTHESIZED_ID_PREFIX = "relay4j-gemini-";

    private enum Kind { TEXT, REASONING }

    private final String provider;
    private final int turn;
    private final boolean toolCallDeltas;
    private final List<ContentPart> parts = new ArrayList<>();
    private final StringBuilder pending = new StringBuilder();
    private Kind pendingKind;
    private int calls;

    /**
     * @param provider       the provider's name, which the signatures are bound to
     * @param request        the request answered: its assistant turns number the synthesized ids, and it says
     *                       whether argument fragments are wanted
     */
    GeminiAnswer(String provider, LlmRequest request) {
        this.provider = provider;
        this.turn = turnOf(request);
        this.toolCallDeltas = request.toolCallDeltas();
    }

    /** The id of the {@code position}-th call (from 0) of the answer to a request with {@code turn} assistant turns. */
    static String synthesizedId(int turn, int position) {
        return SYNTHESIZED_ID_PREFIX + turn + "-" + position;
    }

    /** True for an id relay4j made up, which Gemini never issued. */
    static boolean isSynthesized(String id) {
        return id.startsWith(SYNTHESIZED_ID_PREFIX);
    }

    private static int turnOf(LlmRequest request) {
        int turn = 0;
        for (Message m : request.messages()) {
            if (m.role() == Role.ASSISTANT) {
                turn++;
            }
        }
        return turn;
    }

    /**
     * Adds the parts of one candidate's content and returns what a stream emits for them: text and reasoning deltas,
     * and each call complete (after its one argument fragment when the request asked for fragments).
     *
     * @throws io.relay4j.core.error.InvalidOutput for a call without a name or whose arguments are not an object
     */
    List<LlmChunk> add(JsonNode wireParts, ErrorDetails details) {
        List<LlmChunk> chunks = new ArrayList<>(1);
        for (JsonNode part : wireParts) {
            add(part, details, chunks);
        }
        return chunks;
    }

    private void add(JsonNode part, ErrorDetails details, List<LlmChunk> chunks) {
        Optional<ProviderState> signature = Json.text(part, "thoughtSignature")
                .map(value -> ProviderState.of(provider, VENDOR, value));
        JsonNode functionCall = part.path("functionCall");
        if (functionCall.isObject()) {
            ToolCall unsigned = call(functionCall, details);
            ToolCall call = signature.map(unsigned::withState).orElse(unsigned);
            flush();
            parts.add(call);
            if (toolCallDeltas) {
                chunks.add(LlmChunk.builder()
                        .toolCallDelta(ToolCallDelta.of(calls - 1, call.name(), call.argumentsJson())).build());
            }
            chunks.add(LlmChunk.toolCall(call));
            return;
        }
        String text = Json.text(part, "text").orElse("");
        Kind kind = part.path("thought").asBoolean(false) ? Kind.REASONING : Kind.TEXT;
        if (signature.isEmpty() && text.isEmpty()) {
            return;
        }
        if (!text.isEmpty()) {
            chunks.add(kind == Kind.TEXT ? LlmChunk.text(text) : LlmChunk.reasoning(text));
        }
        if (signature.isPresent()) {
            flush();
            parts.add(kind == Kind.TEXT ? TextPart.of(text).withState(signature.get())
                    : ReasoningPart.of(text).withState(signature.get()));
            return;
        }
        if (pendingKind != kind) {
            flush();
            pendingKind = kind;
        }
        pending.append(text);
    }

    private ToolCall call(JsonNode functionCall, ErrorDetails details) {
        int position = calls++;
        String id = Json.text(functionCall, "id").filter(s -> !s.isBlank())
                .orElseGet(() -> synthesizedId(turn, position));
        JsonNode args = functionCall.path("args");
        String argumentsJson = args.isMissingNode() || args.isNull() ? ""
                : new String(Json.bytes(args), StandardCharsets.UTF_8);
        return ToolCalls.complete(id, Json.text(functionCall, "name").orElse(""), argumentsJson, details);
    }

    private void flush() {
        if (pendingKind != null) {
            parts.add(pendingKind == Kind.TEXT ? TextPart.of(pending.toString()) : ReasoningPart.of(pending.toString()));
            pending.setLength(0);
            pendingKind = null;
        }
    }

    /** True once a function call was added. */
    boolean hasToolCalls() {
        return calls > 0;
    }

    /** The answer so far as an assistant message; an answer without parts is one empty text. */
    Message message() {
        flush();
        return parts.isEmpty() ? Message.assistant("") : Message.assistant(parts);
    }
}
