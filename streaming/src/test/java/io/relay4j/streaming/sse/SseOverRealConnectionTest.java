package io.relay4j.streaming.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.testing.NettyLeakGuard;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

/**
 * A real loopback server streams events without end; the client decodes a few and cancels. The server must see
 * its stream cancelled and the connection closed, and no buffer may leak on either side. Real time, no sleeps:
 * every wait is bounded by a few seconds.
 */
class SseOverRealConnectionTest {

    @RegisterExtension
    static final NettyLeakGuard LEAK_GUARD = new NettyLeakGuard();

    private static final Duration WAIT = Duration.ofSeconds(5);
    /**
     * How long the server may take to see the client's close. Only a close that never comes is a failure; on a
     * machine loaded by parallel builds the server's write that notices the closed socket has come after 5 s.
     */
    private static final Duration SERVER_SEES_CLOSE = Duration.ofSeconds(30);

    private static DisposableServer server;
    private static ConnectionProvider pool;
    private static HttpClient client;

    private static volatile Sinks.Empty<Void> serverStreamCancelled;
    private static volatile Sinks.Empty<Void> serverConnectionClosed;

    @BeforeAll
    static void startServer() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes
                        .get("/endless", (request, response) -> {
                            Sinks.Empty<Void> cancelled = serverStreamCancelled;
                            Sinks.Empty<Void> closed = serverConnectionClosed;
                            response.withConnection(c -> c.onDispose(closed::tryEmitEmpty));
                            return response.header("content-type", "text/event-stream")
                                    .sendString(Flux.interval(Duration.ofMillis(10))
                                            .map(i -> "event: tick\ndata: " + i + "\n\n")
                                            .doOnCancel(cancelled::tryEmitEmpty));
                        })
                        .get("/oversize", (request, response) -> {
                            Sinks.Empty<Void> cancelled = serverStreamCancelled;
                            response.withConnection(c -> c.onDispose(serverConnectionClosed::tryEmitEmpty));
                            return response.header("content-type", "text/event-stream")
                                    .sendString(Flux.concat(Flux.just("data: small\n\ndata: "),
                                            Flux.interval(Duration.ofMillis(5)).map(i -> "0123456789".repeat(10)))
                                            .doOnCancel(cancelled::tryEmitEmpty));
                        }))
                .bindNow();
        pool = ConnectionProvider.create("sse-test", 4);
        client = HttpClient.create(pool).host("127.0.0.1").port(server.port());
    }

    @AfterAll
    static void stopServer() {
        pool.disposeLater().block(WAIT);
        server.disposeNow(WAIT);
    }

    private static void expectFreshServerSignals() {
        serverStreamCancelled = Sinks.empty();
        serverConnectionClosed = Sinks.empty();
    }

    @Test
    void takingAFewEventsCancelsTheServersStreamAndClosesTheConnection() {
        expectFreshServerSignals();
        SseDecoder decoder = new SseDecoder("loopback");

        Flux<ServerSentEvent> events = client.get().uri("/endless")
                .responseContent()
                .retain() // reactor-netty releases each buffer after onNext; the decoder owns (and releases) this one
                .transform(decoder::decode)
                .take(3);

        StepVerifier.create(events)
                .expectNext(new ServerSentEvent("tick", "0", "", OptionalLong.empty()))
                .assertNext(e -> assertThat(e.data()).isEqualTo("1"))
                .assertNext(e -> assertThat(e.data()).isEqualTo("2"))
                .expectComplete()
                .verify(WAIT);

        StepVerifier.create(serverStreamCancelled.asMono()).expectComplete().verify(SERVER_SEES_CLOSE);
        StepVerifier.create(serverConnectionClosed.asMono()).expectComplete().verify(SERVER_SEES_CLOSE);
    }

    @Test
    void anOversizeEventFailsTheStreamAndClosesTheConnection() {
        expectFreshServerSignals();
        SseDecoder decoder = new SseDecoder("loopback", 4_096);

        Flux<ServerSentEvent> events = client.get().uri("/oversize")
                .responseContent()
                .retain()
                .transform(decoder::decode);

        StepVerifier.create(events)
                .expectNext(ServerSentEvent.message("small"))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(MalformedResponse.class)
                        .hasMessageContaining("[loopback]"))
                .verify(WAIT);

        StepVerifier.create(serverStreamCancelled.asMono()).expectComplete().verify(SERVER_SEES_CLOSE);
        StepVerifier.create(serverConnectionClosed.asMono()).expectComplete().verify(SERVER_SEES_CLOSE);
    }
}
