package io.relay4j.simulator;

import java.util.Map;

/** Request paths, credentials and bodies as each vendor's SDK sends them. */
final class VendorRequests {

    private VendorRequests() {
    }

    /** The deployment path of Azure OpenAI's classic API, as its SDK builds it. */
    static final String AZURE_PATH = "/openai/deployments/gpt-4o-mini-prod/chat/completions?api-version=2024-10-21";

    static String path(Vendor vendor, boolean stream) {
        return switch (vendor) {
            case OPENAI -> "/v1/chat/completions";
            case ANTHROPIC -> "/v1/messages";
            case GEMINI -> stream
                    ? "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
                    : "/v1beta/models/gemini-2.5-flash:generateContent";
            case AZURE_OPENAI -> AZURE_PATH;
        };
    }

    static Map<String, String> authHeaders(Vendor vendor) {
        return switch (vendor) {
            case OPENAI -> Map.of("authorization", "Bearer sk-test", "content-type", "application/json");
            case AZURE_OPENAI -> Map.of("api-key", "0123456789abcdef0123456789abcdef", "content-type",
                    "application/json");
            case ANTHROPIC -> Map.of("x-api-key", "sk-ant-test", "anthropic-version", "2023-06-01",
                    "content-type", "application/json");
            case GEMINI -> Map.of("x-goog-api-key", "AIza-test", "content-type", "application/json");
        };
    }

    /** A request with the prompt "Say hello to the simulator" (26 characters: 7 tokens); maxTokens 0 means none. */
    static String body(Vendor vendor, boolean stream, boolean includeUsage, int maxTokens) {
        String prompt = "Say hello to the simulator";
        return switch (vendor) {
            case OPENAI, AZURE_OPENAI -> "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]"
                    + (stream ? ",\"stream\":true" : "")
                    + (includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "")
                    + (maxTokens > 0 ? ",\"max_completion_tokens\":" + maxTokens : "") + "}";
            case ANTHROPIC -> "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":" + (maxTokens > 0 ? maxTokens : 1024)
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]"
                    + (stream ? ",\"stream\":true" : "") + "}";
            case GEMINI -> "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + prompt + "\"}]}]"
                    + (maxTokens > 0 ? ",\"generationConfig\":{\"maxOutputTokens\":" + maxTokens + "}" : "") + "}";
        };
    }
}
