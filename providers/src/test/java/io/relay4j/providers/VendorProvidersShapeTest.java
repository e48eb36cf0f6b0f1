package io.relay4j.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.LlmProvider;
import io.relay4j.providers.anthropic.AnthropicProvider;
import io.relay4j.providers.azure.AzureOpenAiProvider;
import io.relay4j.providers.compatible.CompatibleServer;
import io.relay4j.providers.compatible.OpenAiCompatibleProvider;
import io.relay4j.providers.gemini.GeminiProvider;
import io.relay4j.providers.openai.OpenAiProvider;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public shape of the vendor providers: final classes that implement {@link LlmProvider} and hold the shared
 * transport (they used to extend the internal {@code HttpLlmProvider}), built only through the vendor builders.
 */
class VendorProvidersShapeTest {

    private static final String KEY = "sk-shape-0123456789abcdef";
    private static final String URL = "http://127.0.0.1:9/v1";

    @Test
    void vendorProvidersAreFinalAndImplementOnlyLlmProvider() {
        for (Class<?> type : List.of(OpenAiProvider.class, AnthropicProvider.class, GeminiProvider.class,
                AzureOpenAiProvider.class, OpenAiCompatibleProvider.class)) {
            assertThat(Modifier.isFinal(type.getModifiers())).as(type.getSimpleName() + " is final").isTrue();
            assertThat(type.getSuperclass()).as(type.getSimpleName() + "'s superclass").isEqualTo(Object.class);
            assertThat(type.getInterfaces()).as(type.getSimpleName() + "'s interfaces").containsExactly(LlmProvider.class);
        }
    }

    @Test
    void eachProviderShowsItsOwnTypeVendorAndModelButNeverTheKey() {
        List<LlmProvider> providers = List.of(
                OpenAiProvider.builder().name("o").apiKey(KEY).model("gpt-4o-mini").baseUrl(URL).build(),
                AnthropicProvider.builder().name("a").apiKey(KEY).model("claude-sonnet-4-5").baseUrl(URL).build(),
                GeminiProvider.builder().name("g").apiKey(KEY).model("gemini-2.5-flash").baseUrl(URL).build(),
                AzureOpenAiProvider.builder().name("z").apiKey(KEY).endpoint("http://127.0.0.1:9")
                        .deployment("gpt-4o").build(),
                OpenAiCompatibleProvider.builder(CompatibleServer.GENERIC).name("c").model("llama").baseUrl(URL).build());
        try {
            for (LlmProvider provider : providers) {
                assertThat(provider.toString())
                        .startsWith(provider.getClass().getSimpleName() + "[name=" + provider.name())
                        .contains("vendor=" + provider.info().vendor(), "model=" + provider.info().model())
                        .doesNotContain(KEY);
            }
            assertThat(providers.get(1).info().acceptsAssistantPrefill()).as("Anthropic continues a prefill").isTrue();
            assertThat(providers.get(0).info().acceptsAssistantPrefill()).as("OpenAI does not").isFalse();
        } finally {
            providers.forEach(LlmProvider::close);
        }
    }

    @Test
    void onlyTheVendorBuildersExtendProviderBuilder() {
        assertThatThrownBy(UsersOwnBuilder::new)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("implements LlmProvider directly");
    }

    /** What a user might write to reuse the shared setters for a vendor of their own. */
    private static final class UsersOwnBuilder extends ProviderBuilder<UsersOwnBuilder> {

        UsersOwnBuilder() {
            super("http://127.0.0.1:9");
        }

        @Override
        protected UsersOwnBuilder self() {
            return this;
        }

        @Override
        public LlmProvider build() {
            throw new AssertionError("never reached");
        }

        @Override
        protected String vendorName() {
            return "Mine";
        }
    }
}
