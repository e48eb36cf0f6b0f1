package io.relay4j.providers.internal.openai;

import io.relay4j.providers.internal.ApiKey;
import io.relay4j.providers.openai.TokenLimitField;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What varies between servers that speak the OpenAI Chat Completions format. {@link #toString()} never
 * shows the key.
 *
 * @param provider           the provider's name, for errors
 * @param model              the model (or, for Azure's classic URL, the deployment) when a request names none
 * @param apiKey             the key, where the server needs one
 * @param auth               how the key is sent
 * @param chatPath           the chat-completions path below the base URL, with any query
 * @param vendorHeaders      fixed headers of the vendor (OpenAI's organization and project)
 * @param tokenLimitField    the field that carries the output-token limit
 * @param includeStreamUsage whether to send {@code stream_options.include_usage} on streams
 * @param vendor             the vendor as {@code ProviderInfo} names it: binds the state of an answer (its
 *                           reasoning) to this provider
 * @param family             OpenAI itself (OpenAI, Azure) or a compatible server: decides what reasoning is sent
 */
public record OpenAiOptions(String provider, String model, Optional<ApiKey> apiKey, Auth auth, String chatPath,
                            Map<String, String> vendorHeaders, TokenLimitField tokenLimitField,
                            boolean includeStreamUsage, String vendor, Family family) {

    /** Which side of the Chat Completions family a server is on, for the fields only one side takes. */
    public enum Family {
        /**
         * OpenAI and Azure OpenAI: {@code reasoning_effort} in OpenAI's levels ({@code none} ... {@code xhigh}); no
         * reasoning is ever sent back (Chat Completions has no reasoning input).
         */
        OPENAI,
        /**
         * A compatible server: {@code reasoning_effort} in the portable levels only ({@code low|medium|high}), never
         * {@code none}; reasoning it returned goes back to it ({@code reasoning_content}, DeepSeek's tool loops),
         * and to no other provider.
         */
        COMPATIBLE
    }

    /** How the key is sent. */
    public enum Auth {
        /** {@code Authorization: Bearer <key>}. */
        BEARER,
        /** Azure's {@code api-key: <key>}. */
        API_KEY_HEADER
    }

    public OpenAiOptions {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(chatPath, "chatPath");
        vendorHeaders = Map.copyOf(Objects.requireNonNull(vendorHeaders, "vendorHeaders"));
        Objects.requireNonNull(tokenLimitField, "tokenLimitField");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(family, "family");
    }

    @Override
    public String toString() {
        return "OpenAiOptions[provider=" + provider + ", model=" + model + ", auth=" + auth + ", chatPath=" + chatPath
                + ", tokenLimitField=" + tokenLimitField + ", includeStreamUsage=" + includeStreamUsage + ", vendor=" + vendor
                + ", family=" + family + "]";
    }
}
