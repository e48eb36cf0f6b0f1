package io.relay4j.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation: a role and its parts. Immutable; make a text message with {@link #user(String)},
 * {@link #system(String)}, {@link #assistant(String)} or {@link #of(Role, String)}, a message of several parts with
 * {@link #of(Role, List)} or {@link #user(ContentPart...)}, and tool results with {@link #toolResult(String, String)}
 * or {@link #toolResults(List)}. An answer's assistant message ({@link LlmResponse#message()}) is appended to the
 * conversation as it is: it carries the tool calls and the vendor's opaque state the next turn needs.
 *
 * <p>Which parts a role holds:
 * <ul>
 *   <li>{@link Role#SYSTEM}: text;</li>
 *   <li>{@link Role#USER}: text and images;</li>
 *   <li>{@link Role#ASSISTANT}: text, reasoning and tool calls;</li>
 *   <li>{@link Role#TOOL}: tool results, at least one.</li>
 * </ul>
 * Anything else is refused when the message is made. Messages with the same role and parts are equal.
 * {@link #toString()} never shows content.
 */
public final class Message {

    /** A rough size of an image in characters of text (about 1,500 tokens), for estimates only. */
    private static final long IMAGE_CHARS = 6_000;

    private final Role role;
    private final List<ContentPart> parts;
    private final String text;

    private Message(Role role, List<ContentPart> parts) {
        this.role = Objects.requireNonNull(role, "role must not be null");
        this.parts = List.copyOf(Objects.requireNonNull(parts, "parts must not be null"));
        for (ContentPart part : this.parts) {
            if (!allowed(role, part.kind())) {
                throw new IllegalArgumentException("a " + role + " message cannot hold a " + part.kind() + " part"
                        + " (system: text; user: text, images; assistant: text, reasoning, tool calls;"
                        + " tool: tool results)");
            }
        }
        if (this.parts.isEmpty()) {
            throw new IllegalArgumentException("a message needs at least one part (use an empty text for none)");
        }
        this.text = joinText(this.parts);
    }

    private static boolean allowed(Role role, ContentPart.Kind kind) {
        switch (role) {
            case SYSTEM:
                return kind == ContentPart.Kind.TEXT;
            case USER:
                return kind == ContentPart.Kind.TEXT || kind == ContentPart.Kind.IMAGE;
            case ASSISTANT:
                return kind == ContentPart.Kind.TEXT || kind == ContentPart.Kind.REASONING
                        || kind == ContentPart.Kind.TOOL_CALL;
            default:
                return kind == ContentPart.Kind.TOOL_RESULT;
        }
    }

    private static String joinText(List<ContentPart> parts) {
        if (parts.size() == 1) {
            return parts.get(0) instanceof TextPart only ? only.text() : "";
        }
        StringBuilder out = new StringBuilder();
        for (ContentPart part : parts) {
            if (part instanceof TextPart t) {
                out.append(t.text());
            }
        }
        return out.toString();
    }

    /** A text message of any role but {@link Role#TOOL}. */
    public static Message of(Role role, String content) {
        Objects.requireNonNull(content, "content must not be null (use an empty string)");
        return new Message(role, List.of(TextPart.of(content)));
    }

    /** A message of the given parts, in order. */
    public static Message of(Role role, List<? extends ContentPart> parts) {
        return new Message(role, new ArrayList<>(Objects.requireNonNull(parts, "parts must not be null")));
    }

    public static Message system(String content) {
        return of(Role.SYSTEM, content);
    }

    public static Message user(String content) {
        return of(Role.USER, content);
    }

    /** A user message of text and images, in order. */
    public static Message user(ContentPart... parts) {
        return of(Role.USER, Arrays.asList(parts));
    }

    public static Message assistant(String content) {
        return of(Role.ASSISTANT, content);
    }

    /** An assistant message of text, reasoning and tool calls, in order (for a conversation kept elsewhere). */
    public static Message assistant(List<? extends ContentPart> parts) {
        return of(Role.ASSISTANT, parts);
    }

    /** The text result of tool call {@code callId}. */
    public static Message toolResult(String callId, String content) {
        return new Message(Role.TOOL, List.of(ToolResult.of(callId, content)));
    }

    /** The results of an assistant message's tool calls, one per call. */
    public static Message toolResults(List<ToolResult> results) {
        return of(Role.TOOL, results);
    }

    /** Who speaks. */
    public Role role() {
        return role;
    }

    /** The message's parts, in order; never empty. */
    public List<ContentPart> parts() {
        return parts;
    }

    /** The text of the message: its text parts joined (empty when it has none, as a tool-call-only answer). */
    public String content() {
        return text;
    }

    /** The tool calls of an assistant message, in order (empty when none). */
    public List<ToolCall> toolCalls() {
        return partsOf(ToolCall.class);
    }

    /** The tool results of a tool message, in order (empty for other roles). */
    public List<ToolResult> toolResults() {
        return partsOf(ToolResult.class);
    }

    /** The reasoning text of an assistant message: its reasoning parts' text joined (empty when none). */
    public String reasoning() {
        StringBuilder out = new StringBuilder();
        for (ContentPart part : parts) {
            if (part instanceof ReasoningPart r) {
                out.append(r.text());
            }
        }
        return out.toString();
    }

    /** True when the message is one text part without vendor state: what plain chat is made of. */
    public boolean isTextOnly() {
        return parts.size() == 1 && parts.get(0) instanceof TextPart t && t.state().isEmpty();
    }

    /** True when some part is an image, in the message or in one of its tool results. */
    public boolean hasImages() {
        for (ContentPart part : parts) {
            if (part instanceof ImagePart) {
                return true;
            }
            if (part instanceof ToolResult result) {
                for (ContentPart inner : result.content()) {
                    if (inner instanceof ImagePart) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * A cheap size of the message in characters, for token estimates: text, reasoning, tool arguments and results,
     * and a fixed allowance per image.
     */
    public long approximateChars() {
        if (isTextOnly()) {
            return text.length();
        }
        long n = 0;
        for (ContentPart part : parts) {
            n += approximateChars(part);
        }
        return n;
    }

    private static long approximateChars(ContentPart part) {
        switch (part.kind()) {
            case TEXT:
                return ((TextPart) part).text().length();
            case IMAGE:
                return IMAGE_CHARS;
            case TOOL_CALL:
                ToolCall call = (ToolCall) part;
                return call.name().length() + call.argumentsJson().length();
            case REASONING:
                return ((ReasoningPart) part).text().length();
            default:
                long n = 0;
                for (ContentPart inner : ((ToolResult) part).content()) {
                    n += approximateChars(inner);
                }
                return n;
        }
    }

    private <T extends ContentPart> List<T> partsOf(Class<T> type) {
        List<T> out = null;
        for (ContentPart part : parts) {
            if (type.isInstance(part)) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(type.cast(part));
            }
        }
        return out == null ? List.of() : List.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message other && role == other.role && parts.equals(other.parts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, parts);
    }

    @Override
    public String toString() {
        return isTextOnly() ? "Message[role=" + role + ", chars=" + text.length() + "]"
                : "Message[role=" + role + ", parts=" + parts + "]";
    }
}
