package io.relay4j.providers.compatible;

import io.relay4j.core.Capability;
import io.relay4j.providers.openai.TokenLimitField;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Servers that speak the OpenAI Chat Completions format, with what differs between them: endpoint,
 * whether a key is needed, the output-token field, whether to ask for stream usage, and what the server's API can
 * serve beyond text ({@link #capabilities()}).
 *
 * <p>The capabilities are the server's: a model it runs may support less (an Ollama or vLLM model without vision or
 * tool calling), so declare your model's with {@code builder(...).capabilities(...)}, which replaces the preset's. The
 * router skips a provider that lacks what a request needs.
 *
 * <table>
 *   <caption>Default capabilities per preset</caption>
 *   <tr><th>Preset</th><th>Tools</th><th>Parallel calls</th><th>Images</th><th>Structured output</th>
 *       <th>Reasoning setting</th></tr>
 *   <tr><td>OLLAMA</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>VLLM</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>GROQ</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>MISTRAL</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td><td>no (Magistral reasons by model)</td></tr>
 *   <tr><td>DEEPSEEK</td><td>yes</td><td>yes</td><td>no</td><td>no (JSON mode only)</td>
 *       <td>no (thinking by model or its {@code thinking} field)</td></tr>
 *   <tr><td>OPENROUTER</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>TOGETHER</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td><td>no</td></tr>
 *   <tr><td>GENERIC</td><td>yes</td><td>yes</td><td>no</td><td>yes</td><td>no</td></tr>
 * </table>
 * A reasoning setting goes out as {@code reasoning_effort} in the levels these servers share ({@code low},
 * {@code medium}, {@code high}); reasoning a server returns ({@code reasoning_content}, Ollama's {@code reasoning})
 * is read whatever the declaration, and sent back to that provider only.
 */
public enum CompatibleServer {
    /** Ollama's OpenAI endpoint; no key; reads only {@code max_tokens}. */
    OLLAMA("http://localhost:11434/v1", false, TokenLimitField.MAX_TOKENS, true, "ollama", "Ollama",
            EnumSet.allOf(Capability.class)),
    /** vLLM's OpenAI server; no key unless started with one. */
    VLLM("http://localhost:8000/v1", false, TokenLimitField.MAX_TOKENS, true, "vllm", "vLLM",
            EnumSet.allOf(Capability.class)),
    /** Groq. */
    GROQ("https://api.groq.com/openai/v1", true, TokenLimitField.MAX_COMPLETION_TOKENS, true, "groq", "Groq",
            EnumSet.allOf(Capability.class)),
    /** Mistral: refuses unknown fields, so only {@code max_tokens} and no {@code stream_options}. */
    MISTRAL("https://api.mistral.ai/v1", true, TokenLimitField.MAX_TOKENS, false, "mistral_ai", "Mistral",
            EnumSet.complementOf(EnumSet.of(Capability.REASONING))),
    /** DeepSeek (which may send blank lines before a JSON body and keep-alive comments in streams). */
    DEEPSEEK("https://api.deepseek.com", true, TokenLimitField.MAX_TOKENS, true, "deepseek", "DeepSeek",
            EnumSet.of(Capability.TOOLS, Capability.PARALLEL_TOOL_CALLS)),
    /** OpenRouter (keep-alive comments, numeric error codes, 402 when credits run out). */
    OPENROUTER("https://openrouter.ai/api/v1", true, TokenLimitField.MAX_TOKENS, true, "openrouter", "OpenRouter",
            EnumSet.allOf(Capability.class)),
    /** Together AI. */
    TOGETHER("https://api.together.xyz/v1", true, TokenLimitField.MAX_TOKENS, true, "together_ai", "Together",
            EnumSet.complementOf(EnumSet.of(Capability.REASONING))),
    /** Any other compatible server: no default endpoint, key optional. */
    GENERIC(null, false, TokenLimitField.MAX_TOKENS, true, "openai_compatible", "OpenAI-compatible server",
            EnumSet.of(Capability.TOOLS, Capability.PARALLEL_TOOL_CALLS, Capability.STRUCTURED_OUTPUT));

    private final String defaultBaseUrl;
    private final boolean requiresApiKey;
    private final TokenLimitField tokenLimitField;
    private final boolean includeStreamUsage;
    private final String vendor;
    private final String displayName;
    private final Set<Capability> capabilities;

    CompatibleServer(String defaultBaseUrl, boolean requiresApiKey, TokenLimitField tokenLimitField,
                     boolean includeStreamUsage, String vendor, String displayName, Set<Capability> capabilities) {
        this.capabilities = Set.copyOf(capabilities);
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

    /**
     * What the server's API serves beyond text, the provider's default (see the table above); an immutable set. The
     * builder's {@code capabilities(...)} replaces it.
     */
    public Set<Capability> capabilities() {
        return capabilities;
    }
}
