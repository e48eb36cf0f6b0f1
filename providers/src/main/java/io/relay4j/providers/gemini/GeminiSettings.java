package io.relay4j.providers.gemini;

import io.relay4j.providers.internal.ApiKey;
import java.util.Objects;

/**
 * What the Gemini protocol needs from the provider's configuration. {@link #toString()} never shows the key.
 *
 * @param provider the provider's name, for the errors raised while encoding
 * @param apiKey   sent as {@code x-goog-api-key}, never in the URL, where keys leak into access logs
 * @param model    the model used when a request names none
 */
record GeminiSettings(String provider, ApiKey apiKey, String model) {

    GeminiSettings {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(model, "model");
    }

    @Override
    public String toString() {
        return "GeminiSettings[provider=" + provider + ", model=" + model + "]";
    }
}
