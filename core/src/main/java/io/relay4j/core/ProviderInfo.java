package io.relay4j.core;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a provider declares about itself, for routing and metrics.
 *
 * @param vendor                  the vendor, as the OpenTelemetry GenAI conventions name it
 *                                ({@code openai}, {@code anthropic}, {@code gcp.gemini}, {@code azure.ai.openai}, ...)
 * @param model                   the model the provider uses when a request names none
 * @param contextWindowTokens     the model's context window, where known; a request that cannot fit skips the provider
 * @param acceptsAssistantPrefill whether the model continues a last assistant message (used to resume streams)
 */
public record ProviderInfo(String vendor, String model, OptionalInt contextWindowTokens,
                           boolean acceptsAssistantPrefill) {

    public ProviderInfo {
        Objects.requireNonNull(vendor, "vendor must not be null");
        Objects.requireNonNull(model, "model must not be null");
        Objects.requireNonNull(contextWindowTokens, "contextWindowTokens must not be null");
    }

    public static ProviderInfo of(String vendor, String model) {
        return new ProviderInfo(vendor, model, OptionalInt.empty(), false);
    }
}
