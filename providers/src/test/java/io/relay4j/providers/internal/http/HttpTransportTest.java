package io.relay4j.providers.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.providers.gemini.GeminiProvider;
import io.relay4j.providers.openai.OpenAiProvider;
import io.relay4j.providers.testing.Fixtures;
import io.relay4j.providers.testing.SharedWireMock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/**
 * The transport's per-call shortcuts keep every call's own request: requests prepared once per path still
 * carry each call's body to its own path, and a call abandoned by its caller's deadline closes its connection.
 */
@ExtendWith({NettyLeakGuard.class, SharedWireMock.class})
class HttpTransportTest {

    private static final String OPENAI_PATH = "/v1/chat/completions";

    private final WireMockServer server = SharedWireMock.server();
    private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(1);

    @AfterEach
    void close() {
        loops.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void aWholeAnswerCallCancelledByTheCallersDeadlineOnAnEventLoopClosesTheConnection() {
        Sinks.Empty<Void> serverSawClose = Sinks.empty();
        DisposableServer silent = HttpServer.create().host("127.0.0.1").port(0)
                .doOnConnection(connection -> connection.onDispose(serverSawClose::tryEmitEmpty))
                .handle((request, response) -> Mono.never())
                .bindNow();
        OpenAiProvider hurried = OpenAiProvider.builder().name("openai").apiKey("sk-test-1").model("gpt-4o-mini")
                .baseUrl("http://127.0.0.1:" + silent.port()).responseHeadersTimeout(Duration.ofSeconds(30)).build();
        EventLoop loop = loops.next();
        try {
            // the provider has no whole-call deadline of its own: the caller's (the router's) cancels the call
            StepVerifier.create(Mono.defer(() -> hurried.generate(LlmRequest.of("hi")))
                            .subscribeOn(Schedulers.fromExecutor(loop))
                            .timeout(Duration.ofMillis(200)))
                    .expectError(TimeoutException.class)
                    .verify(Duration.ofSeconds(5));
            StepVerifier.create(serverSawClose.asMono())
                    .as("the server sees the abandoned call's connection closed")
                    .expectComplete()
                    .verify(Duration.ofSeconds(5));
        } finally {
            hurried.close();
            silent.disposeNow();
        }
    }

    @Test
    void callsInFlightTogetherEachSendTheirOwnRequest() {
        server.stubFor(post(OPENAI_PATH).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.text("openai/chat-completion.json"))
                .withFixedDelay(100)));
        OpenAiProvider provider = OpenAiProvider.builder().name("openai").apiKey("sk-test-1").model("gpt-4o-mini")
                .baseUrl(SharedWireMock.baseUrl() + "/v1").build();
        try {
            List<String> prompts = List.of("first prompt", "second prompt", "third prompt", "fourth prompt");
            StepVerifier.create(Flux.fromIterable(prompts).flatMap(p -> provider.generate(LlmRequest.of(p))))
                    .expectNextCount(prompts.size())
                    .verifyComplete();
            for (String prompt : prompts) {
                server.verify(1, postRequestedFor(urlEqualTo(OPENAI_PATH)).withRequestBody(containing(prompt)));
            }
        } finally {
            provider.close();
        }
    }

    @Test
    void callsToAnotherPathThenBackEachReachTheirOwnPath() {
        String flash = "/v1beta/models/gemini-2.5-flash:generateContent";
        String pro = "/v1beta/models/gemini-2.5-pro:generateContent";
        for (String path : List.of(flash, pro)) {
            server.stubFor(post(path).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(Fixtures.text("gemini/response-text.json"))));
        }
        GeminiProvider provider = GeminiProvider.builder().name("gemini").apiKey("g-key-1").model("gemini-2.5-flash")
                .baseUrl(SharedWireMock.baseUrl() + "/v1beta").build();
        try {
            LlmResponse first = provider.generate(LlmRequest.of("one")).block(Duration.ofSeconds(5));
            provider.generate(LlmRequest.builder().model("gemini-2.5-pro").user("two").build()).block(Duration.ofSeconds(5));
            provider.generate(LlmRequest.of("three")).block(Duration.ofSeconds(5));

            assertThat(first.content()).isEqualTo("Hi there.");
            server.verify(1, postRequestedFor(urlEqualTo(flash)).withRequestBody(containing("one")));
            server.verify(1, postRequestedFor(urlEqualTo(pro)).withRequestBody(containing("two")));
            server.verify(1, postRequestedFor(urlEqualTo(flash)).withRequestBody(containing("three")));
        } finally {
            provider.close();
        }
    }
}
