package io.relay4j.benchmarks.wire;

import io.relay4j.core.LlmProvider;
import io.relay4j.providers.anthropic.AnthropicProvider;
import io.relay4j.providers.gemini.GeminiProvider;
import io.relay4j.providers.internal.WireProtocol;
import io.relay4j.providers.internal.http.HttpLlmProvider;
import io.relay4j.providers.openai.OpenAiProvider;
import java.lang.reflect.Field;

/**
 * Each vendor's {@link WireProtocol} exactly as its public builder configures it. The protocol is internal to
 * the provider (held by the {@link HttpLlmProvider} the public provider delegates to), so it is read from the
 * built provider once, at setup: the benchmark then measures the code a real call runs, with none of its own
 * wiring.
 */
public final class VendorProtocols {

    /** Nothing listens here; no benchmark sends a request. */
    private static final String UNUSED_BASE_URL = "http://127.0.0.1:9/v1";

    private VendorProtocols() {
    }

    /** The built provider, to close after use (it owns a connection pool). */
    public static LlmProvider provider(String vendor) {
        LlmProvider provider = switch (vendor) {
            case "openai" -> OpenAiProvider.builder().name("openai").apiKey("sk-bench-not-a-key")
                    .model("gpt-4o-mini").baseUrl(UNUSED_BASE_URL).build();
            case "anthropic" -> AnthropicProvider.builder().name("anthropic").apiKey("sk-ant-bench-not-a-key")
                    .model("claude-sonnet-4-5").baseUrl(UNUSED_BASE_URL).build();
            case "gemini" -> GeminiProvider.builder().name("gemini").apiKey("bench-not-a-key")
                    .model("gemini-2.5-flash").baseUrl(UNUSED_BASE_URL).build();
            default -> throw new IllegalArgumentException("unknown vendor '" + vendor + "': use openai, anthropic or gemini");
        };
        return provider;
    }

    public static WireProtocol protocolOf(LlmProvider provider) {
        HttpLlmProvider http = (HttpLlmProvider) field(provider.getClass(), HttpLlmProvider.class, provider);
        return (WireProtocol) field(HttpLlmProvider.class, WireProtocol.class, http);
    }

    /** The value of {@code owner}'s one field of type {@code type}, read from {@code target}. */
    private static Object field(Class<?> owner, Class<?> type, Object target) {
        for (Field field : owner.getDeclaredFields()) {
            if (field.getType() == type) {
                try {
                    field.setAccessible(true);
                    return field.get(target);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + owner.getSimpleName() + "." + field.getName(), e);
                }
            }
        }
        throw new IllegalStateException(owner.getSimpleName() + " no longer keeps a " + type.getSimpleName()
                + " in a field: update VendorProtocols");
    }
}
