package io.relay4j.simulator;

/**
 * The wire format a {@link SimulatorServer} speaks. Each vendor fixes the path prefix of
 * {@link SimulatorServer#baseUrl()}, the endpoints, the auth header, the stream framing and the error envelope.
 */
public enum Vendor {
    /** OpenAI Chat Completions: {@code POST /v1/chat/completions}, {@code Authorization: Bearer}. */
    OPENAI("/v1"),
    /** Anthropic Messages: {@code POST /v1/messages}, {@code x-api-key} and {@code anthropic-version}. */
    ANTHROPIC("/v1"),
    /**
     * Gemini generateContent: {@code POST /v1beta/models/{model}:generateContent} and
     * {@code :streamGenerateContent?alt=sse}, {@code x-goog-api-key} (or {@code ?key=}).
     */
    GEMINI("/v1beta");

    private final String pathPrefix;

    Vendor(String pathPrefix) {
        this.pathPrefix = pathPrefix;
    }

    /** The path prefix a client's base URL ends with, for example {@code /v1}. */
    public String pathPrefix() {
        return pathPrefix;
    }
}
