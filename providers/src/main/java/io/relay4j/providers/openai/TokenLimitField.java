package io.relay4j.providers.openai;

/**
 * Which request field carries the output-token limit in the OpenAI Chat Completions format. OpenAI wants
 * {@code max_completion_tokens} ({@code max_tokens} is deprecated and refused by its reasoning models);
 * several compatible servers (Ollama, Mistral, older vLLM) read only {@code max_tokens}.
 */
public enum TokenLimitField {
    /** {@code max_completion_tokens}: OpenAI, Azure OpenAI, Groq. */
    MAX_COMPLETION_TOKENS("max_completion_tokens"),
    /** {@code max_tokens}: Ollama, vLLM, Mistral, DeepSeek, OpenRouter, Together. */
    MAX_TOKENS("max_tokens");

    private final String jsonName;

    TokenLimitField(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The JSON field name. */
    public String jsonName() {
        return jsonName;
    }
}
