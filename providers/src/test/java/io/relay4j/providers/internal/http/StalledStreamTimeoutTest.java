package io.relay4j.providers.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.internal.router.AttemptDeadlines;
import io.relay4j.core.internal.stream.AttemptTimeouts;
import io.relay4j.core.testing.NettyLeakGuard;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/**
 * A stream that stalls mid-body is ended by the router's idle deadline ({@link AttemptTimeouts}, the one
 * stream-deadline operator; the provider has none of its own), and only by it: closing the abandoned
 * connection completes the body, and that completion must not run the end-of-stream check of a stream
 * already cancelled (which would raise "stream ended before its end marker" into the void, where Reactor
 * logs it as a dropped error). The race is between threads, so the scenario is repeated.
 */
@ExtendWith(NettyLeakGuard.class)
class StalledStreamTimeoutTest {

    private static final int REPETITIONS = 40;

    private final List<Throwable> dropped = new CopyOnWriteArrayList<>();
    private DisposableServer server;

    @BeforeEach
    void start() {
        // one event, then silence with the connection held open: a stalled vendor
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.post("/line", (request, response) -> request.receive().then()
                        .thenMany(response.header("Content-Type", "text/event-stream")
                                .sendString(Flux.just("data: a\n\n").concatWith(Flux.never())))))
                .bindNow();
        Hooks.onErrorDropped(dropped::add);
    }

    @AfterEach
    void stop() {
        Hooks.resetOnErrorDropped();
        server.disposeNow();
    }

    @Test
    void idleDeadlineEndsAStalledStreamWithNothingDropped() {
        AttemptDeadlines idle20ms = new AttemptDeadlines(Duration.ofSeconds(5), Duration.ofMillis(20),
                Duration.ofSeconds(30));
        try (HttpLlmProvider provider = HttpLlmProviderContractTest.lineProvider("http://127.0.0.1:" + server.port(),
                false)) {
            for (int i = 0; i < REPETITIONS; i++) {
                StepVerifier.create(AttemptTimeouts.apply(provider.stream(LlmRequest.of("hi")), "line", idle20ms)
                                .map(LlmChunk::text))
                        .expectNext("a")
                        .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(Timeout.class,
                                timeout -> assertThat(timeout.kind()).isEqualTo(Timeout.Kind.IDLE)))
                        .verify(Duration.ofSeconds(5));
            }
        }
        assertThat(dropped).as("errors signalled after the stream was cancelled").isEmpty();
    }
}
