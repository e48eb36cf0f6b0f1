package io.relay4j.simulator;

/**
 * The wire format a {@link SimulatorServer} speaks. Each vendor fixes the path prefix of
 * {@link SimulatorServer#baseUrl()}, the endpoints, the auth header, the stream framing and the error envelope.
 */
public enum Vendor {
    /** OpenAI Chat Completions: {@code POST /v1/chat/completions}, {@code Authorization: Bearer}, {@code x-request-id}. */
    OPENAI("/v1"),
    /**
     * Anthropic Messages: {@code POST /v1/messages}, {@code x-api-key} (or {@code Authorization: Bearer}) and a
     * required {@code anthropic-version}, {@code request-id}.
     */
    ANTHROPIC("/v1"),
    /**
     * Gemini generateContent: {@code POST /v1beta/models/{model}:generateContent} and
     * {@code :streamGenerateContent?alt=sse}, {@code x-goog-api-key} (or {@code ?key=}). Like the real API it sends
     * no request-id header and no rate-limit headers (a 429 carries its retry delay in the body); it answers a
     * missing key with 401 {@code UNAUTHENTICATED}.
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
