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
    GEMINI("/v1beta"),
    /**
     * Azure OpenAI, classic deployment API: {@code POST /openai/deployments/{deployment}/chat/completions?api-version=...}
     * (any deployment and version; without {@code api-version} 404), {@code api-key} (or {@code Authorization: Bearer}),
     * {@code x-request-id} and {@code apim-request-id}. OpenAI's bodies and stream with Azure's content-filter
     * annotations (a stream opens with a {@code prompt_filter_results} frame whose {@code choices} is empty), Azure's
     * error envelope (a string {@code code}, no {@code type}), and its refusals: a 400 {@code content_filter} with an
     * {@code innererror} for a prompt, {@code finish_reason: "content_filter"} for an answer, whole or streamed.
     * {@link SimulatorServer#baseUrl()} is the resource endpoint: it has no prefix.
     */
    AZURE_OPENAI("");

    private final String pathPrefix;

    Vendor(String pathPrefix) {
        this.pathPrefix = pathPrefix;
    }

    /** The path prefix a client's base URL ends with, for example {@code /v1}. */
    public String pathPrefix() {
        return pathPrefix;
    }
}
