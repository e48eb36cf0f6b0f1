package io.relay4j.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.LlmRequest;
import io.relay4j.providers.compatible.CompatibleServer;
import io.relay4j.providers.compatible.OpenAiCompatibleProvider;
import io.relay4j.providers.openai.OpenAiProvider;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.netty.resources.ConnectionProvider;

/** What the shared builder refuses, and how it says what to fix. */
class ProviderBuilderTest {

    @Test
    void missingNameModelOrKeyNamesTheMethodToCall() {
        assertThatThrownBy(() -> OpenAiProvider.builder().apiKey("k").model("m").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("call name(");
        assertThatThrownBy(() -> OpenAiProvider.builder().name("openai").apiKey("k").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("call model(");
        assertThatThrownBy(() -> OpenAiProvider.builder().name("openai").model("m").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("call apiKey(")
                .hasMessageContaining("OpenAI");
    }

    @Test
    void genericServerNeedsAnEndpoint() {
        assertThatThrownBy(() -> OpenAiCompatibleProvider.builder(CompatibleServer.GENERIC).name("x").model("m").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("call baseUrl(");
    }

    @Test
    void badBaseUrlsAreRefused() {
        OpenAiProvider.Builder b = OpenAiProvider.builder();
        assertThatThrownBy(() -> b.baseUrl("ftp://example.com")).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> b.baseUrl("https://")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.baseUrl("https://user:pw@example.com")).hasMessageContaining("credentials");
        assertThatThrownBy(() -> b.baseUrl("https://example.com/v1?x=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> b.baseUrl("not a url")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trailingSlashOfTheBaseUrlIsDropped() {
        try (OpenAiProvider p = OpenAiProvider.builder().name("o").apiKey("k").model("m")
                .baseUrl("http://localhost:9/v1/").build()) {
            assertThat(p.toString()).contains("baseUrl=http://localhost:9/v1]");
        }
    }

    @Test
    void authenticationHeadersCannotBeOverriddenByExtraHeaders() {
        OpenAiProvider.Builder b = OpenAiProvider.builder();
        assertThatThrownBy(() -> b.extraHeader("Authorization", "Bearer other")).hasMessageContaining("apiKey(");
        assertThatThrownBy(() -> b.extraHeader("api-key", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.extraHeader("X-Ok", "a\r\nInjected: 1")).hasMessageContaining("CR or LF");
        assertThatThrownBy(() -> b.extraHeader("bad name", "x")).hasMessageContaining("not a valid");
        b.extraHeader("X-Gateway-Route", "eu");
    }

    @Test
    void timeoutsMustBePositive() {
        OpenAiProvider.Builder b = OpenAiProvider.builder();
        assertThatThrownBy(() -> b.connectTimeout(Duration.ZERO)).hasMessageContaining("connectTimeout must be positive");
        assertThatThrownBy(() -> b.responseHeadersTimeout(Duration.ofSeconds(-1)))
                .hasMessageContaining("responseHeadersTimeout must be positive");
        assertThatThrownBy(() -> b.maxConnections(0)).hasMessageContaining("maxConnections");
    }

    @Test
    void sharedPoolExcludesOwnedPoolSettingsAndIsNeverDisposedByTheProvider() {
        ConnectionProvider delegate = ConnectionProvider.create("shared", 4);
        DisposeRecordingPool shared = new DisposeRecordingPool(delegate);
        try {
            assertThatThrownBy(() -> OpenAiProvider.builder().name("o").apiKey("k").model("m")
                    .connectionProvider(shared).maxConnections(10).build())
                    .hasMessageContaining("either connectionProvider(...) or the owned-pool settings");
            OpenAiProvider p = OpenAiProvider.builder().name("o").apiKey("k").model("m").connectionProvider(shared).build();
            p.close();
            assertThat(shared.disposed).as("a caller's pool is not the provider's to dispose").isFalse();
        } finally {
            delegate.dispose();
        }
    }

    /** A caller's pool that records whether anyone disposed it. */
    private static final class DisposeRecordingPool implements ConnectionProvider {
        private final ConnectionProvider delegate;
        private volatile boolean disposed;

        DisposeRecordingPool(ConnectionProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public reactor.core.publisher.Mono<? extends reactor.netty.Connection> acquire(
                reactor.netty.transport.TransportConfig config, reactor.netty.ConnectionObserver observer,
                java.util.function.Supplier<? extends java.net.SocketAddress> remote,
                io.netty.resolver.AddressResolverGroup<?> resolver) {
            return delegate.acquire(config, observer, remote, resolver);
        }

        @Override
        public void dispose() {
            disposed = true;
        }

        @Override
        public reactor.core.publisher.Mono<Void> disposeLater() {
            return reactor.core.publisher.Mono.fromRunnable(() -> disposed = true);
        }
    }

    @Test
    void contextWindowIsDeclaredInInfo() {
        try (OpenAiProvider p = OpenAiProvider.builder().name("o").apiKey("k").model("gpt-4o-mini")
                .contextWindowTokens(128_000).build()) {
            assertThat(p.info().contextWindowTokens()).hasValue(128_000);
        }
    }

    @Test
    void unreadableSchemaIsAnInvalidRequestBeforeAnyCall() {
        try (OpenAiProvider p = OpenAiProvider.builder().name("o").apiKey("k").model("m")
                .baseUrl("http://localhost:9").build()) {
            LlmRequest request = LlmRequest.builder().user("hi")
                    .responseFormat(io.relay4j.core.ResponseFormat.jsonSchema("s", "{not json")).build();
            reactor.test.StepVerifier.create(p.generate(request))
                    .expectError(io.relay4j.core.error.InvalidRequest.class)
                    .verify(Duration.ofSeconds(5));
        }
    }
}
