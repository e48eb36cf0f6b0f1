package io.relay4j.providers.internal.tools;

import java.util.regex.Pattern;

/**
 * What one vendor accepts for a tool-call id or a tool name in a request, and how a value that it does not accept is
 * re-minted so that it does: the prefix the vendor's own values carry followed by base62 of the SHA-256 of the
 * original, cut to the vendor's length. The same original always gives the same wire value, so a retry sends the
 * same bytes; {@code salt} picks another value when two originals would meet on one (see {@link WireNames}).
 */
public enum WireRule {

    /** OpenAI Chat Completions ids: {@code [a-zA-Z0-9_-]}, at most 40 (the length OpenAI is known to accept). */
    OPENAI_CALL_ID("[a-zA-Z0-9_-]{1,40}", "call_", 24),
    /** Azure OpenAI ids: the same set, at most 64. */
    AZURE_CALL_ID("[a-zA-Z0-9_-]{1,64}", "call_", 24),
    /** Anthropic {@code tool_use} ids: {@code ^[a-zA-Z0-9_-]+$}. */
    ANTHROPIC_CALL_ID("[a-zA-Z0-9_-]+", "toolu_", 24),
    /** Mistral ids: exactly nine letters or digits. */
    MISTRAL_CALL_ID("[a-zA-Z0-9]{9}", "", 9),
    /** OpenAI, Azure and compatible tool names. */
    OPENAI_TOOL_NAME("[a-zA-Z0-9_-]{1,64}", "", 0),
    /** Anthropic tool names ({@code ^[a-zA-Z0-9_-]{1,128}$}). */
    ANTHROPIC_TOOL_NAME("[a-zA-Z0-9_-]{1,128}", "", 0),
    /** Gemini function names: a letter or {@code _} first, then letters, digits, {@code _ . : -}, at most 64. */
    GEMINI_TOOL_NAME("[a-zA-Z_][a-zA-Z0-9_.:-]{0,63}", "", 0);

    /** A minted name keeps this much of the original (made safe), then {@code _} and a hash of this length. */
    private static final int NAME_KEEP = 55;
    private static final int NAME_HASH = 8;

    private final Pattern pattern;
    private final String prefix;
    private final int hashChars;

    WireRule(String pattern, String prefix, int hashChars) {
        this.pattern = Pattern.compile(pattern);
        this.prefix = prefix;
        this.hashChars = hashChars;
    }

    /** The id rule of an OpenAI-format server, by its vendor as {@code ProviderInfo} names it. */
    public static WireRule callIdsOf(String vendor) {
        return switch (vendor) {
            case "azure.ai.openai" -> AZURE_CALL_ID;
            case "mistral_ai" -> MISTRAL_CALL_ID;
            default -> OPENAI_CALL_ID;
        };
    }

    /** True when the vendor takes {@code value} as it is. */
    public boolean accepts(String value) {
        return pattern.matcher(value).matches();
    }

    /**
     * The value this vendor gets for {@code original} when it does not accept it; {@code salt} 0 first, higher
     * salts only to resolve a collision.
     */
    String mint(String original, int salt) {
        String hash = Base62Hash.of(salt == 0 ? original : original + '\u0000' + salt);
        if (hashChars > 0) {
            return prefix + hash.substring(0, hashChars);
        }
        // a tool name: keep what is readable of the original, so the model still sees which tool it was
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < original.length() && safe.length() < NAME_KEEP; i++) {
            char c = original.charAt(i);
            safe.append(isNameChar(c) ? c : '_');
        }
        if (safe.length() == 0 || !Character.isLetter(safe.charAt(0)) && safe.charAt(0) != '_') {
            safe.insert(0, '_');
            if (safe.length() > NAME_KEEP) {
                safe.setLength(NAME_KEEP);
            }
        }
        return safe + "_" + hash.substring(0, NAME_HASH);
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }
}
