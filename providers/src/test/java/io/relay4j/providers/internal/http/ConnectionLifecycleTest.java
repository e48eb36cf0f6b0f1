package io.relay4j.providers.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.resolver.AddressResolverGroup;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.providers.openai.OpenAiProvider;
import io.relay4j.providers.testing.Fixtures;
import io.relay4j.providers.testing.SharedWireMock;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.TransportConfig;
import reactor.test.StepVerifier;

/** What happens to the connection after a call: reused when the answer was read whole, closed when cancelled. */
@ExtendWith({NettyLeakGuard.class, SharedWireMock.class})
class ConnectionLifecycleTest {

    private static final String PATH = "/v1/chat/completions";

    private final ConnectionProvider pool = ConnectionProvider.create("lifecycle-test", 4);
    private final RecordingPool recording = new RecordingPool(pool);
    private final OpenAiProvider provider = OpenAiProvider.builder().name("openai").apiKey("sk-test-1")
            .model("gpt-4o-mini").baseUrl(SharedWireMock.baseUrl() + "/v1").connectionProvider(recording).build();

    @AfterEach
    void close() {
        provider.close();
        pool.dispose();
    }

    @Test
    void connectionOfACompletedCallIsReusedByTheNext() {
        SharedWireMock.server().stubFor(post(PATH).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.text("openai/chat-completion.json"))));

        provider.generate(LlmRequest.of("one")).block(Duration.ofSeconds(5));
        awaitRelease();
        provider.generate(LlmRequest.of("two")).block(Duration.ofSeconds(5));

        assertThat(recording.channels).hasSize(2);
        assertThat(recording.channels.get(1)).isSameAs(recording.channels.get(0));
    }

    @Test
    void connectionOfACompletedStreamIsReusedByTheNext() {
        SharedWireMock.server().stubFor(post(PATH).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(Fixtures.text("openai/stream.sse"))));

        provider.stream(LlmRequest.of("one")).blockLast(Duration.ofSeconds(5));
        awaitRelease();
        provider.stream(LlmRequest.of("two")).blockLast(Duration.ofSeconds(5));

        assertThat(recording.channels).hasSize(2);
        assertThat(recording.channels.get(1)).isSameAs(recording.channels.get(0));
    }

    @Test
    void cancellingAStreamMidBodyClosesItsConnection() {
        SharedWireMock.server().stubFor(post(PATH).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withBody("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
                        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n")
                .withChunkedDribbleDelay(2, 1000)));

        StepVerifier.create(provider.stream(LlmRequest.of("hi")).map(LlmChunk::text).take(1))
                .expectNext("Hi")
                .verifyComplete();

        Channel channel = recording.channels.get(0);
        StepVerifier.create(Mono.create(sink -> channel.closeFuture().addListener(f -> sink.success())))
                .as("a connection cancelled mid-body is closed, not returned to the pool")
                .verifyComplete();
    }

    @Test
    void serverThatLingersAfterTheEndMarkerIsNotWaitedFor() {
        String answer = Fixtures.text("openai/stream.sse");
        // the answer, then as many bytes of keep-alive comments: WireMock sends the halves about 1.5 s apart,
        // well past the 1 s the provider reads on after the end marker
        String lingering = ": keep-alive\n".repeat(answer.length() / 13 + 1).substring(0, answer.length() - 1) + "\n";
        SharedWireMock.server().stubFor(post(PATH).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(answer + lingering)
                .withChunkedDribbleDelay(2, 3000)));

        StepVerifier.create(provider.stream(LlmRequest.of("hi")).map(LlmChunk::isLast))
                .expectNext(false, false, true)
                .verifyComplete();

        Channel channel = recording.channels.get(0);
        StepVerifier.create(Mono.create(sink -> channel.closeFuture().addListener(f -> sink.success())))
                .as("the unfinished body was abandoned: its connection is closed, not pooled")
                .expectComplete()
                .verify(Duration.ofSeconds(2));
    }

    private void awaitRelease() {
        StepVerifier.create(recording.released.asFlux().next()).expectNextCount(1).verifyComplete();
    }

    /** The test's pool, recording the channel of every connection it hands out and each return to the pool. */
    private static final class RecordingPool implements ConnectionProvider {
        private final ConnectionProvider delegate;
        final List<Channel> channels = new CopyOnWriteArrayList<>();
        final Sinks.Many<Channel> released = Sinks.many().replay().all();

        RecordingPool(ConnectionProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public Mono<? extends Connection> acquire(TransportConfig config, ConnectionObserver observer,
                                                  Supplier<? extends SocketAddress> remote,
                                                  AddressResolverGroup<?> resolver) {
            ConnectionObserver recordingObserver = new ConnectionObserver() {
                @Override
                public void onStateChange(Connection connection, State newState) {
                    if (newState == State.RELEASED) {
                        released.tryEmitNext(connection.channel());
                    }
                    observer.onStateChange(connection, newState);
                }

                @Override
                public void onUncaughtException(Connection connection, Throwable error) {
                    observer.onUncaughtException(connection, error);
                }
            };
            return delegate.acquire(config, recordingObserver, remote, resolver)
                    .doOnNext(c -> channels.add(c.channel()));
        }
    }
}
