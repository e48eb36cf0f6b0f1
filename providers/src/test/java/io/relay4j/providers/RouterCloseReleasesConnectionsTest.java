package io.relay4j.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.error.TransportError;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.providers.openai.OpenAiProvider;
import io.relay4j.providers.testing.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/**
 * Closing a router releases its providers' connection pools, as the server sees it: the kept-alive
 * connections are closed; a provider removed with a call in flight lets that call finish over its
 * connection, then closes it; a closed provider refuses calls at once with a typed error.
 */
@ExtendWith(NettyLeakGuard.class)
class RouterCloseReleasesConnectionsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<Channel> serverConnections = new CopyOnWriteArrayList<>();
    private final Sinks.Empty<Void> release = Sinks.empty();
    private DisposableServer server;

    @BeforeEach
    void start() {
        String answer = Fixtures.text("openai/chat-completion.json");
        server = HttpServer.create().host("127.0.0.1").port(0)
                .doOnConnection(connection -> serverConnections.add(connection.channel()))
                .route(routes -> routes
                        .post("/fast/chat/completions", (request, response) -> request.receive().then()
                                .then(response.header("Content-Type", "application/json").sendString(Mono.just(answer))
                                        .then()))
                        .post("/held/chat/completions", (request, response) -> request.receive().then()
                                .then(release.asMono())
                                .then(response.header("Content-Type", "application/json").sendString(Mono.just(answer))
                                        .then())))
                .bindNow();
    }

    @AfterEach
    void stop() {
        server.disposeNow();
    }

    @Test
    void closingTheRouterClosesItsProvidersPooledConnections() {
        OpenAiProvider provider = provider("fast");
        LlmRouter router = LlmRouter.builder().provider(provider).logging(false).build();
        LlmResponse answer = router.generate(LlmRequest.of("hi")).block(WAIT);
        assertThat(answer).isNotNull();
        assertThat(serverConnections).hasSize(1);
        Channel kept = serverConnections.get(0);
        assertThat(kept.isActive()).as("kept alive in the provider's pool").isTrue();

        router.close();

        StepVerifier.create(closed(kept)).as("the server sees the pooled connection closed").expectComplete()
                .verify(WAIT);
        StepVerifier.create(provider.generate(LlmRequest.of("after close")))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(TransportError.class)
                        .hasMessageContaining("closed"))
                .verify(WAIT);
        StepVerifier.create(provider.stream(LlmRequest.of("after close")).map(LlmChunk::text))
                .expectError(TransportError.class)
                .verify(WAIT);
        assertThat(serverConnections).as("no new connection after close").hasSize(1);
    }

    @Test
    void aRemovedProvidersCallInFlightFinishesThenItsConnectionIsClosed() {
        OpenAiProvider held = provider("held");
        LlmRouter router = LlmRouter.builder().provider(held).provider(provider("fast")).logging(false).build();
        try {
            StepVerifier.create(router.generate(LlmRequest.of("hi")))
                    .then(() -> awaitConnections(1))
                    .then(() -> router.removeProvider("held"))
                    .then(release::tryEmitEmpty)
                    .assertNext(answer -> assertThat(answer.provider()).isEqualTo("held"))
                    .expectComplete()
                    .verify(WAIT);

            StepVerifier.create(closed(serverConnections.get(0)))
                    .as("its connection is closed instead of pooled once the call ended").expectComplete()
                    .verify(WAIT);
            StepVerifier.create(held.generate(LlmRequest.of("after removal")))
                    .expectError(TransportError.class)
                    .verify(WAIT);
        } finally {
            router.close();
        }
    }

    private static Mono<Void> closed(Channel channel) {
        return Mono.create(sink -> channel.closeFuture().addListener(done -> sink.success()));
    }

    private void awaitConnections(int count) {
        StepVerifier.create(Mono.fromCallable(serverConnections::size).filter(n -> n >= count)
                        .repeatWhenEmpty(attempts -> attempts.delayElements(Duration.ofMillis(10))))
                .expectNextCount(1).expectComplete().verify(WAIT);
    }

    private OpenAiProvider provider(String path) {
        return OpenAiProvider.builder().name(path).apiKey("sk-test-1").model("gpt-4o-mini")
                .baseUrl("http://127.0.0.1:" + server.port() + "/" + path).build();
    }
}
