package io.relay4j.providers.gemini;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relay4j.core.ContentPart;
import io.relay4j.core.ImagePart;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderState;
import io.relay4j.core.ReasoningPart;
import io.relay4j.core.Role;
import io.relay4j.core.TextPart;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolResult;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.providers.internal.Json;
import io.relay4j.providers.internal.tools.WireNames;
import io.relay4j.providers.internal.tools.WireRule;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the conversation into Gemini's {@code systemInstruction} parts and {@code contents}.
 *
 * <ul>
 *   <li>System text goes to {@code systemInstruction}. User turns are {@code user} contents, assistant turns
 *       {@code model} contents; consecutive turns of one wire role share one content.</li>
 *   <li>Images: inline ones are {@code inlineData {mimeType, data}} (base64, no {@code data:} prefix); URL images are
 *       {@code fileData {fileUri}} (Gemini fetches public and signed HTTPS URLs), with a {@code mimeType} read from
 *       the URL path's extension ({@code .png .jpg .jpeg .webp .heic .heif .gif}) and none otherwise, Gemini then
 *       reading the fetched file's type.</li>
 *   <li>Assistant turns: text as {@code text}; reasoning only when it carries this provider's signature (as a
 *       {@code thought: true} part, so the signature goes back on its part), otherwise dropped; each tool call as
 *       {@code functionCall {name, args, id}}, the {@code id} only when Gemini issued it: the turn carries a Gemini
 *       thought signature (Gemini 3 signs the first call of every step) and the id is not one relay4j synthesized.
 *       Another vendor's ids ({@code call_...}, {@code toolu_...}) are left out, call and response alike, and Gemini
 *       pairs them by order and name (R3). A history call's name outside Gemini's function-name pattern is rewritten
 *       by {@link WireNames}, in the call and its response alike. A {@code thoughtSignature} goes back exactly on its part, and only when the state
 *       {@linkplain ProviderState#isFrom(String, String) is from} this provider and Gemini; another provider's or
 *       vendor's state is dropped. On Gemini 3, whose first call of each step must be signed, a first call without
 *       this provider's signature (a call another provider or vendor made) gets Gemini's documented placeholder
 *       {@value #PLACEHOLDER_SIGNATURE}.</li>
 *   <li>Tool results: the results of consecutive tool messages form one {@code user} content of
 *       {@code functionResponse {name, id?, response: {output | error}}} parts in the order of the calls of the
 *       preceding assistant message, whose matching call gives the name (and the {@code id}, when Gemini issued it).
 *       A result answering no call of that message is an {@link InvalidRequest}. Images of a result go in
 *       {@code functionResponse.parts} on Gemini 3, which documents them there; earlier models get them as parts
 *       after the responses. User text following the results joins the same content, after the responses.</li>
 * </ul>
 */
final class GeminiContents {

    /** Gemini's documented signature for function calls it did not make (GM-SIG). */
    static final String PLACEHOLDER_SIGNATURE = "skip_thought_signature_validator";

    private final String provider;
    private final GeminiModel model;
    private final ArrayNode systemParts;
    private final ArrayNode contents;
    private String turnRole;
    private final List<Response> responses = new ArrayList<>();
    private final List<ObjectNode> turnParts = new ArrayList<>();
    private Message lastAssistant;
    private boolean lastAssistantIssuedByGemini;
    private final WireNames wire;

    private record Response(int callIndex, ObjectNode part) {
    }

    private GeminiContents(String provider, GeminiModel model, ArrayNode systemParts, ArrayNode contents,
            WireNames wire) {
        this.provider = provider;
        this.wire = wire;
        this.model = model;
        this.systemParts = systemParts;
        this.contents = contents;
    }

    /** Encodes {@code messages} into {@code systemParts} and {@code contents}. */
    static void encode(List<Message> messages, String provider, GeminiModel model, ArrayNode systemParts,
            ArrayNode contents) {
        GeminiContents encoder = new GeminiContents(provider, model, systemParts, contents,
                WireNames.namesOnly(messages, WireRule.GEMINI_TOOL_NAME));
        for (int i = 0; i < messages.size(); i++) {
            encoder.add(messages.get(i), i);
        }
        encoder.flush();
    }

    private void add(Message message, int index) {
        switch (message.role()) {
            case SYSTEM -> systemParts.addObject().put("text", message.content());
            case USER -> {
                turn("user");
                for (ContentPart part : message.parts()) {
                    turnParts.add(part instanceof ImagePart image ? image(image) : text((TextPart) part));
                }
            }
            case ASSISTANT -> {
                lastAssistant = message;
                lastAssistantIssuedByGemini = answeredByGemini(message);
                List<ObjectNode> parts = modelParts(message);
                if (!parts.isEmpty()) {
                    turn("model");
                    turnParts.addAll(parts);
                }
            }
            case TOOL -> {
                turn("user");
                for (ToolResult result : message.toolResults()) {
                    toolResult(result, index);
                }
            }
        }
    }

    private void turn(String role) {
        if (!role.equals(turnRole)) {
            flush();
            turnRole = role;
        }
    }

    private void flush() {
        if (turnRole == null) {
            return;
        }
        ObjectNode content = contents.addObject().put("role", turnRole);
        ArrayNode parts = content.putArray("parts");
        responses.sort(Comparator.comparingInt(Response::callIndex));
        responses.forEach(r -> parts.add(r.part()));
        turnParts.forEach(parts::add);
        responses.clear();
        turnParts.clear();
        turnRole = null;
    }

    /** True when Gemini gave this turn: a part carries a Gemini signature, so its call ids are Gemini's own. */
    private static boolean answeredByGemini(Message message) {
        for (ContentPart part : message.parts()) {
            Optional<ProviderState> state = switch (part.kind()) {
                case TEXT -> ((TextPart) part).state();
                case REASONING -> ((ReasoningPart) part).state();
                case TOOL_CALL -> ((ToolCall) part).state();
                default -> Optional.empty();
            };
            if (state.isPresent() && GeminiAnswer.VENDOR.equals(state.get().vendor())) {
                return true;
            }
        }
        return false;
    }

    /** The id Gemini gets for a call of the last assistant turn: only one Gemini issued. */
    private Optional<String> wireId(ToolCall call) {
        return lastAssistantIssuedByGemini && !GeminiAnswer.isSynthesized(call.id()) ? Optional.of(call.id())
                : Optional.empty();
    }

    private List<ObjectNode> modelParts(Message message) {
        List<ObjectNode> parts = new ArrayList<>();
        boolean firstCall = true;
        for (ContentPart part : message.parts()) {
            if (part instanceof TextPart text) {
                parts.add(signed(text(text), text.state()));
            } else if (part instanceof ReasoningPart reasoning) {
                ownSignature(reasoning.state()).ifPresent(signature -> parts.add(
                        Json.object().put("text", reasoning.text()).put("thought", true)
                                .put("thoughtSignature", signature)));
            } else if (part instanceof ToolCall call) {
                ObjectNode functionCall = Json.object().put("name", wire.toolName(call.name()));
                functionCall.set("args", Json.parseCallerJson(call.argumentsJson(), "tool call arguments"));
                wireId(call).ifPresent(id -> functionCall.put("id", id));
                ObjectNode wire = Json.object();
                wire.set("functionCall", functionCall);
                Optional<String> signature = ownSignature(call.state());
                if (signature.isEmpty() && firstCall && model.isGemini3OrLater()) {
                    signature = Optional.of(PLACEHOLDER_SIGNATURE);
                }
                signature.ifPresent(s -> wire.put("thoughtSignature", s));
                firstCall = false;
                parts.add(wire);
            }
        }
        return parts;
    }

    private ObjectNode signed(ObjectNode part, Optional<ProviderState> state) {
        ownSignature(state).ifPresent(signature -> part.put("thoughtSignature", signature));
        return part;
    }

    private Optional<String> ownSignature(Optional<ProviderState> state) {
        return state.filter(s -> s.isFrom(provider, GeminiAnswer.VENDOR)).map(ProviderState::value);
    }

    private void toolResult(ToolResult result, int messageIndex) {
        List<ToolCall> calls = lastAssistant == null ? List.of() : lastAssistant.toolCalls();
        int callIndex = -1;
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).id().equals(result.callId())) {
                callIndex = i;
                break;
            }
        }
        if (callIndex < 0) {
            throw new InvalidRequest("message " + messageIndex + " (counting from 0): the tool result for call '" + result.callId()
                    + "' answers no tool call of the preceding assistant message; Gemini pairs each result with"
                    + " its call by name, so a result needs its call", ErrorDetails.of(provider));
        }
        ToolCall call = calls.get(callIndex);
        ObjectNode functionResponse = Json.object().put("name", wire.toolName(call.name()));
        wireId(call).ifPresent(id -> functionResponse.put("id", id));
        functionResponse.putObject("response").put(result.isError() ? "error" : "output", result.text());
        ArrayNode nested = null;
        for (ContentPart part : result.content()) {
            if (part instanceof ImagePart image) {
                if (model.isGemini3OrLater()) {
                    if (nested == null) {
                        nested = functionResponse.putArray("parts");
                    }
                    nested.add(image(image));
                } else {
                    turnParts.add(image(image));
                }
            }
        }
        ObjectNode wire = Json.object();
        wire.set("functionResponse", functionResponse);
        responses.add(new Response(callIndex, wire));
    }

    private static ObjectNode text(TextPart text) {
        return Json.object().put("text", text.text());
    }

    private static ObjectNode image(ImagePart image) {
        ObjectNode part = Json.object();
        if (image.isInline()) {
            part.putObject("inlineData").put("mimeType", image.mediaType().orElseThrow()).put("data", image.base64());
        } else {
            URI url = image.url().orElseThrow();
            ObjectNode fileData = part.putObject("fileData");
            mediaTypeOf(url).ifPresent(type -> fileData.put("mimeType", type));
            fileData.put("fileUri", url.toString());
        }
        return part;
    }

    /** The media type a URL's path names by its extension, if it names one Gemini reads. */
    static Optional<String> mediaTypeOf(URI url) {
        String path = Optional.ofNullable(url.getPath()).orElse("").toLowerCase(Locale.ROOT);
        int dot = path.lastIndexOf('.');
        if (dot < 0 || path.indexOf('/', dot) >= 0) {
            return Optional.empty();
        }
        return switch (path.substring(dot + 1)) {
            case "png" -> Optional.of("image/png");
            case "jpg", "jpeg" -> Optional.of("image/jpeg");
            case "webp" -> Optional.of("image/webp");
            case "heic" -> Optional.of("image/heic");
            case "heif" -> Optional.of("image/heif");
            case "gif" -> Optional.of("image/gif");
            default -> Optional.empty();
        };
    }
}
