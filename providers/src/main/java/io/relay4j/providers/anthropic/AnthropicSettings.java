package io.relay4j.providers.anthropic;

import io.relay4j.providers.internal.ApiKey;
import java.util.Objects;

/**
 * What the Anthropic protocol needs from the provider's configuration. {@link #toString()} never shows the key.
 *
 * @param provider         the provider's name, for the errors raised while encoding
 * @param apiKey           sent as {@code x-api-key}
 * @param model            the model used when a request names none
 * @param defaultMaxTokens {@code max_tokens} for a request that sets none (Anthropic requires the field)
 */
record AnthropicSettings(String provider, ApiKey apiKey, String model, int defaultMaxTokens) {

    AnthropicSettings {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(model, "model");
        if (defaultMaxTokens <= 0) {
            throw new IllegalArgumentException("defaultMaxTokens must be positive, got " + defaultMaxTokens);
        }
    }

    @Override
    public String toString() {
        return "AnthropicSettings[provider=" + provider + ", model=" + model + ", defaultMaxTokens=" + defaultMaxTokens
                + "]";
    }
}
