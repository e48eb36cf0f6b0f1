package io.relay4j.providers.internal.tools;

import io.relay4j.core.ContentPart;
import io.relay4j.core.Message;
import io.relay4j.core.Role;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolResult;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The tool-call ids and tool names of one encoded request, as its target gets them: one mapping per request, so a
 * call and the result answering it always carry the same wire id, and a call's name is the same wherever it appears.
 *
 * <p>A value the target accepts passes unchanged (the same-vendor case costs nothing and the vendor sees its own
 * ids). Any other is minted by its {@link WireRule} from a hash of the original; values are visited in the order
 * the conversation has them, the accepted ones reserved first, and a minted value that meets one already taken is
 * minted again with the next salt, so two originals never share a wire value and the same conversation always
 * encodes to the same bytes.
 */
public final class WireNames {

    private final Map<String, String> ids;
    private final Map<String, String> names;
    /** Null when the target's ids are not rewritten ({@link #namesOnly}). */
    private final WireRule idRule;
    private final WireRule nameRule;

    private WireNames(Map<String, String> ids, Map<String, String> names, WireRule idRule, WireRule nameRule) {
        this.ids = ids;
        this.names = names;
        this.idRule = idRule;
        this.nameRule = nameRule;
    }

    /**
     * The mapping for {@code messages}.
     *
     * @param idRule   what the target accepts as a call id
     * @param nameRule what the target accepts as a tool name
     */
    public static WireNames of(List<Message> messages, WireRule idRule, WireRule nameRule) {
        return of(messages, idRule, nameRule, m -> false);
    }

    /**
     * The mapping for {@code messages}, where the ids of assistant turns the target itself answered ({@code own})
     * pass unchanged even outside {@code idRule}: a server gets back the ids it issued (Kimi's
     * {@code functions.Bash:0}, which its models are trained on), whatever the portable rule says.
     */
    public static WireNames of(List<Message> messages, WireRule idRule, WireRule nameRule, Predicate<Message> own) {
        Objects.requireNonNull(idRule, "idRule");
        Objects.requireNonNull(nameRule, "nameRule");
        Set<String> ids = new LinkedHashSet<>();
        Set<String> kept = new HashSet<>();
        Set<String> names = new LinkedHashSet<>();
        for (Message message : messages) {
            boolean ours = message.role() == Role.ASSISTANT && own.test(message);
            for (ContentPart part : message.parts()) {
                if (part instanceof ToolCall call) {
                    ids.add(call.id());
                    if (ours) {
                        kept.add(call.id());
                    }
                    names.add(call.name());
                } else if (part instanceof ToolResult result) {
                    ids.add(result.callId());
                }
            }
        }
        return new WireNames(map(ids, kept, idRule), map(names, Set.of(), nameRule), idRule, nameRule);
    }

    /**
     * The mapping for a target whose ids are not rewritten but left out where foreign (Gemini): only names are
     * mapped, {@link #callId} gives every id back as it is.
     */
    public static WireNames namesOnly(List<Message> messages, WireRule nameRule) {
        Objects.requireNonNull(nameRule, "nameRule");
        Set<String> names = new LinkedHashSet<>();
        for (Message message : messages) {
            for (ToolCall call : message.toolCalls()) {
                names.add(call.name());
            }
        }
        return new WireNames(Map.of(), map(names, Set.of(), nameRule), null, nameRule);
    }

    private static Map<String, String> map(Set<String> originals, Set<String> kept, WireRule rule) {
        Set<String> taken = new HashSet<>();
        Map<String, String> mapped = new HashMap<>();
        for (String original : originals) {
            if (rule.accepts(original) || kept.contains(original)) {
                taken.add(original);
                mapped.put(original, original);
            }
        }
        for (String original : originals) {
            if (mapped.containsKey(original)) {
                continue;
            }
            int salt = 0;
            String wire = rule.mint(original, salt);
            while (!taken.add(wire)) {
                wire = rule.mint(original, ++salt);
            }
            mapped.put(original, wire);
        }
        return mapped;
    }

    /** The wire id of call {@code original} (the same for the call and every result answering it). */
    public String callId(String original) {
        String mapped = ids.get(original);
        if (mapped != null || idRule == null) {
            return mapped == null ? original : mapped;
        }
        return idRule.accepts(original) ? original : idRule.mint(original, 0);
    }

    /** The wire name of tool {@code original} as history calls name it. */
    public String toolName(String original) {
        String mapped = names.get(original);
        if (mapped != null) {
            return mapped;
        }
        return nameRule.accepts(original) ? original : nameRule.mint(original, 0);
    }
}
