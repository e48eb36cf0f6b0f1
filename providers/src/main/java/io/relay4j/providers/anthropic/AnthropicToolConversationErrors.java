package io.relay4j.providers.anthropic;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says which turn of a tool conversation Anthropic refused, and why, from its 400 message: an orphan
 * {@code tool_result}, a {@code tool_use} without its result, a last tool turn without its thinking block while
 * thinking is on, a thinking signature that is not valid here, thinking in a final assistant turn while thinking is
 * off. Anthropic names the turn as {@code messages.N} of the body it received, where system messages are gone (they
 * are the top-level {@code system}) and consecutive turns of one role are one message; the explanation says so.
 * Only the vendor's own words are read (ids and positions, never prompt text).
 */
final class AnthropicToolConversationErrors {

    private record Rule(Pattern pattern, String why) {
    }

    /** {@code messages.3} or {@code messages.3.content.1} (optionally {@code .type}) before the colon. */
    private static final Pattern WHERE = Pattern.compile("^messages\\.(\\d+)(?:\\.content\\.(\\d+))?[.a-z_]*:");

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("unexpected `tool_use_id` found in `tool_result` blocks"),
                    "a tool result answers no tool call of the assistant turn right before it (an orphan result: each"
                            + " result must answer a call of the immediately preceding assistant message)"),
            new Rule(Pattern.compile("`tool_use` ids were found without `tool_result` blocks immediately after"),
                    "a tool call has no result in the next message (every call of an assistant turn needs its"
                            + " result in the user message right after it)"),
            new Rule(Pattern.compile("Expected `thinking` or `redacted_thinking`, but found `tool_use`"),
                    "with thinking on, the last assistant turn that calls tools must start with its thinking block:"
                            + " keep that turn's assistant message as the answer gave it, or send no reasoning"),
            new Rule(Pattern.compile("Invalid `signature` in `thinking` block"),
                    "a thinking block's signature was refused: thinking goes back unchanged, and only to the"
                            + " provider that made it"),
            new Rule(Pattern.compile("When thinking is disabled, an `assistant` message in the final position"
                    + " cannot contain `thinking`"),
                    "with thinking off, a final assistant turn must not hold thinking blocks"));

    private AnthropicToolConversationErrors() {
    }

    /** The explanation of a refused tool conversation, or empty when the message is about something else. */
    static Optional<String> explain(String vendorMessage) {
        if (vendorMessage == null) {
            return Optional.empty();
        }
        for (Rule rule : RULES) {
            if (rule.pattern().matcher(vendorMessage).find()) {
                return Optional.of("Anthropic refused the tool conversation" + where(vendorMessage) + ": "
                        + rule.why());
            }
        }
        return Optional.empty();
    }

    private static String where(String vendorMessage) {
        Matcher m = WHERE.matcher(vendorMessage);
        if (!m.find()) {
            return "";
        }
        String block = m.group(2) == null ? "" : ", content block " + m.group(2);
        return " at its message " + m.group(1) + block + " (counted from 0 in the body sent: system messages"
                + " excluded, consecutive turns of one role merged, tool results in user messages)";
    }
}
