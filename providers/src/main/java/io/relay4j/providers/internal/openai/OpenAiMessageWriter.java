package io.relay4j.providers.internal.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import io.relay4j.core.ContentPart;
import io.relay4j.core.ImagePart;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderState;
import io.relay4j.core.ReasoningPart;
import io.relay4j.core.Role;
import io.relay4j.core.TextPart;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolResult;
import io.relay4j.providers.internal.tools.WireNames;
import io.relay4j.providers.internal.tools.WireRule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a conversation as Chat Completions {@code messages}, token by token.
 *
 * <ul>
 *   <li>Text-only messages keep {@code "content": "<string>"}, the one form every compatible server reads; a user
 *       message with images becomes a part array ({@code text} and {@code image_url} parts: inline images as
 *       {@code data:<type>;base64,...} URLs, URL images as the URL).</li>
 *   <li>An assistant message with tool calls has {@code content} (its text, or {@code null} without text) and
 *       {@code tool_calls}; reasoning goes back only to a compatible server, and only reasoning that this provider
 *       returned (DeepSeek requires it in thinking-mode tool loops; Mistral refuses it, so never another's), in the
 *       field it came in ({@code reasoning_content}, or Ollama's {@code reasoning}). A Gemini-compatible call's
 *       {@code extra_content} (its thought signature) goes back the same way.</li>
 *   <li>A tool message becomes one {@code role: tool} message per result, with the result's text; a failed tool's
 *       text is prefixed with {@value #ERROR_PREFIX} so the model knows it failed. Chat Completions carries no image
 *       in a tool message, so a result's images follow in one user message after the run of tool messages (R5).</li>
 *   <li>Call ids and history tool names go as this server accepts them ({@link WireNames}: OpenAI ids up to 40
 *       characters, Azure up to 64, Mistral exactly nine letters or digits, other compatible servers as OpenAI); ones
 *       it accepts pass unchanged, and so do the ids of turns this provider answered (its state is on them), a call
 *       and its result get the same wire id.</li>
 * </ul>
 */
final class OpenAiMessageWriter {

    static final String ERROR_PREFIX = "Error: ";
    static final String REASONING_CONTENT = "reasoning_content";
    static final String REASONING = "reasoning";
    /** A tool result whose text is empty but whose images moved on says where they went. */
    static final String IMAGES_MOVED = "The tool returned images; they follow in the next user message.";

    private final OpenAiOptions options;

    OpenAiMessageWriter(OpenAiOptions options) {
        this.options = options;
    }

    void write(JsonGenerator g, List<Message> messages) throws IOException {
        WireNames wire = WireNames.of(messages, WireRule.callIdsOf(options.vendor()), WireRule.OPENAI_TOOL_NAME,
                this::answeredHere);
        g.writeArrayFieldStart("messages");
        List<ToolResult> withImages = null;
        for (Message m : messages) {
            if (m.role() != Role.TOOL && withImages != null) {
                writeMovedImages(g, withImages, wire);
                withImages = null;
            }
            if (m.isTextOnly()) {
                writeText(g, role(m.role()), m.content());
                continue;
            }
            switch (m.role()) {
                case USER -> writeUser(g, m);
                case ASSISTANT -> writeAssistant(g, m, wire);
                case TOOL -> withImages = writeToolResults(g, m, withImages, wire);
                default -> writeText(g, role(m.role()), m.content());
            }
        }
        if (withImages != null) {
            writeMovedImages(g, withImages, wire);
        }
        g.writeEndArray();
    }

    private static String role(Role role) {
        return switch (role) {
            case SYSTEM -> "system";
            case USER -> "user";
            case ASSISTANT -> "assistant";
            case TOOL -> "tool";
        };
    }

    private static void writeText(JsonGenerator g, String role, String content) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", role);
        g.writeStringField("content", content);
        g.writeEndObject();
    }

    private static void writeUser(JsonGenerator g, Message m) throws IOException {
        if (!m.hasImages()) {
            writeText(g, "user", m.content());
            return;
        }
        g.writeStartObject();
        g.writeStringField("role", "user");
        g.writeArrayFieldStart("content");
        writeParts(g, m.parts());
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Text and image parts, in order; empty text parts are left out (some servers refuse them). */
    private static void writeParts(JsonGenerator g, List<ContentPart> parts) throws IOException {
        for (ContentPart part : parts) {
            if (part instanceof TextPart text && !text.text().isEmpty()) {
                g.writeStartObject();
                g.writeStringField("type", "text");
                g.writeStringField("text", text.text());
                g.writeEndObject();
            } else if (part instanceof ImagePart image) {
                writeImage(g, image);
            }
        }
    }

    private static void writeImage(JsonGenerator g, ImagePart image) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "image_url");
        g.writeObjectFieldStart("image_url");
        g.writeStringField("url", image.isInline()
                ? "data:" + image.mediaType().orElseThrow() + ";base64," + image.base64()
                : image.url().orElseThrow().toString());
        g.writeEndObject();
        g.writeEndObject();
    }

    private void writeAssistant(JsonGenerator g, Message m, WireNames wire) throws IOException {
        List<ToolCall> calls = m.toolCalls();
        g.writeStartObject();
        g.writeStringField("role", "assistant");
        if (m.content().isEmpty() && !calls.isEmpty()) {
            g.writeNullField("content");
        } else {
            g.writeStringField("content", m.content());
        }
        if (options.family() == OpenAiOptions.Family.COMPATIBLE) {
            writeOwnReasoning(g, m);
        }
        if (!calls.isEmpty()) {
            g.writeArrayFieldStart("tool_calls");
            for (ToolCall call : calls) {
                g.writeStartObject();
                g.writeStringField("id", wire.callId(call.id()));
                g.writeStringField("type", "function");
                g.writeObjectFieldStart("function");
                g.writeStringField("name", wire.toolName(call.name()));
                g.writeStringField("arguments", call.argumentsJson());
                g.writeEndObject();
                if (call.state().isPresent() && isOwn(call.state().get())
                        && call.state().get().value().startsWith("{")) {
                    // the extra_content object this provider returned with the call, kept as its JSON text
                    g.writeFieldName("extra_content");
                    g.writeRawValue(call.state().get().value());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** The reasoning this provider returned, back in the field it came in; any other reasoning is dropped. */
    private void writeOwnReasoning(JsonGenerator g, Message m) throws IOException {
        StringBuilder reasoning = null;
        String field = REASONING_CONTENT;
        for (ContentPart part : m.parts()) {
            if (part instanceof ReasoningPart r && !r.isRedacted() && r.state().isPresent() && isOwn(r.state().get())) {
                if (reasoning == null) {
                    reasoning = new StringBuilder();
                    field = REASONING.equals(r.state().get().value()) ? REASONING : REASONING_CONTENT;
                }
                reasoning.append(r.text());
            }
        }
        if (reasoning != null) {
            g.writeStringField(field, reasoning.toString());
        }
    }

    /** True when this provider gave the turn (its state is on it), so the ids in it are the server's own. */
    private boolean answeredHere(Message m) {
        for (ContentPart part : m.parts()) {
            Optional<ProviderState> state = part instanceof ReasoningPart r ? r.state()
                    : part instanceof ToolCall call ? call.state() : Optional.empty();
            if (state.isPresent() && isOwn(state.get())) {
                return true;
            }
        }
        return false;
    }

    private boolean isOwn(ProviderState state) {
        return state.isFrom(options.provider(), options.vendor());
    }

    /** One tool message per result; returns the results whose images still have to follow. */
    private static List<ToolResult> writeToolResults(JsonGenerator g, Message m, List<ToolResult> withImages,
            WireNames wire) throws IOException {
        for (ToolResult result : m.toolResults()) {
            boolean images = hasImages(result);
            String text = result.text();
            if (text.isEmpty() && images) {
                text = IMAGES_MOVED;
            }
            g.writeStartObject();
            g.writeStringField("role", "tool");
            g.writeStringField("tool_call_id", wire.callId(result.callId()));
            g.writeStringField("content", result.isError() ? ERROR_PREFIX + text : text);
            g.writeEndObject();
            if (images) {
                if (withImages == null) {
                    withImages = new ArrayList<>();
                }
                withImages.add(result);
            }
        }
        return withImages;
    }

    private static boolean hasImages(ToolResult result) {
        for (ContentPart part : result.content()) {
            if (part instanceof ImagePart) {
                return true;
            }
        }
        return false;
    }

    /** The images of tool results, in one user message after the last tool message, each result's labelled. */
    private static void writeMovedImages(JsonGenerator g, List<ToolResult> results, WireNames wire)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("role", "user");
        g.writeArrayFieldStart("content");
        for (ToolResult result : results) {
            g.writeStartObject();
            g.writeStringField("type", "text");
            g.writeStringField("text", "Images returned by tool call " + wire.callId(result.callId()) + ":");
            g.writeEndObject();
            for (ContentPart part : result.content()) {
                if (part instanceof ImagePart image) {
                    writeImage(g, image);
                }
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
