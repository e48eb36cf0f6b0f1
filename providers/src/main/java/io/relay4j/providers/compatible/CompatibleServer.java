package io.relay4j.providers.compatible;

import io.relay4j.providers.openai.TokenLimitField;
import java.util.Optional;

/**
 * Servers that speak the OpenAI Chat Completions format, with what differs between them: endpoint,
 * whether a key is needed, the output-token field, and whether to ask for stream usage.
 */
public enum CompatibleServer {
    /** Ollama's OpenAI endpoint; no key; reads only {@code max_tokens}. */
    OLLAMA("http://localhost:11434/v1", false, TokenLimitField.MAX_TOKENS, true, "ollama", "Ollama"),
    /** vLLM's OpenAI server; no key unless started with one. */
    VLLM("http://localhost:8000/v1", false, TokenLimitField.MAX_TOKENS, true, "vllm", "vLLM"),
    /** Groq. */
    GROQ("https://api.groq.com/openai/v1", true, TokenLimitField.MAX_COMPLETION_TOKENS, true, "groq", "Groq"),
    /** Mistral: refuses unknown fields, so only {@code max_tokens} and no {@code stream_options}. */
    MISTRAL("https://api.mistral.ai/v1", true, TokenLimitField.MAX_TOKENS, false, "mistral_ai", "Mistral"),
    /** DeepSeek (which may send blank lines before a JSON body and keep-alive comments in streams). */
    DEEPSEEK("https://api.deepseek.com", true, TokenLimitField.MAX_TOKENS, true, "deepseek", "DeepSeek"),
    /** OpenRouter (keep-alive comments, numeric error codes, 402 when credits run out). */
    OPENROUTER("https://openrouter.ai/api/v1", true, TokenLimitField.MAX_TOKENS, true, "openrouter", "OpenRouter"),
    /** Together AI. */
    TOGETHER("https://api.together.xyz/v1", true, TokenLimitField.MAX_TOKENS, true, "together_ai", "Together"),
    /** Any other compatible server: no default endpoint, key optional. */
    GENERIC(null, false, TokenLimitField.MAX_TOKENS, true, "openai_compatible", "OpenAI-compatible server");

    private final String defaultBaseUrl;
    private final boolean requiresApiKey;
    private final TokenLimitField tokenLimitField;
    private final boolean includeStreamUsage;
    private final String vendor;
    private final String displayName;

    CompatibleServer(String defaultBaseUrl, boolean requiresApiKey, TokenLimitField tokenLimitField,
                     boolean includeStreamUsage, String vendor, String displayName) {
        this.defaultBaseUrl = defaultBaseUrl;
        this.requiresApiKey = requiresApiKey;
        this.tokenLimitField = tokenLimitField;
        this.includeStreamUsage = includeStreamUsage;
        this.vendor = vendor;
        this.displayName = displayName;
    }

    /** The server's usual endpoint; empty for {@link #GENERIC}. */
    public Optional<String> defaultBaseUrl() {
        return Optional.ofNullable(defaultBaseUrl);
    }

    public boolean requiresApiKey() {
        return requiresApiKey;
    }

    public TokenLimitField tokenLimitField() {
        return tokenLimitField;
    }

    public boolean includeStreamUsage() {
        return includeStreamUsage;
    }

    /** The vendor name reported in {@code ProviderInfo} and metrics. */
    public String vendor() {
        return vendor;
    }

    public String displayName() {
        return displayName;
    }
}
