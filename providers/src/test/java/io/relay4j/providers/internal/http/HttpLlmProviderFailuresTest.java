package io.relay4j.providers.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.error.RateLimited;
import io.relay4j.core.error.ServerError;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.error.TransportError;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.providers.openai.OpenAiProvider;
import io.relay4j.providers.testing.SharedWireMock;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/**
 * What the shared HTTP layer does when the network or the server misbehaves: every failure typed, no
 * request ever sent twice, no body quoted, no buffer leaked. OpenAI is the vendor under test; the behaviour
 * is the same for every vendor.
 */
@ExtendWith({NettyLeakGuard.class, SharedWireMock.class})
class HttpLlmProviderFailuresTest {

    private static final String PATH = "/v1/chat/completions";

    private final WireMockServer server = SharedWireMock.server();
    private final OpenAiProvider provider = provider(SharedWireMock.baseUrl() + "/v1");

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void connectionResetBeforeTheResponseIsATransportErrorAndIsNeverResent() {
        server.stubFor(post(PATH).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        expectError(provider.generate(LlmRequest.of("hi")), e -> assertThat(e)
                .isInstanceOfSatisfying(TransportError.class, t -> assertThat(t.beforeResponse()).isTrue()));

        server.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void streamResetBeforeTheResponseIsNeverResentEither() {
        server.stubFor(post(PATH).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        StepVerifier.create(provider.stream(LlmRequest.of("hi")))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOfSatisfying(TransportError.class, t -> assertThat(t.beforeResponse()).isTrue()))
                .verify(Duration.ofSeconds(5));

        server.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void emptyResponseIsATransportErrorBeforeTheResponse() {
        server.stubFor(post(PATH).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        expectError(provider.generate(LlmRequest.of("hi")), e -> assertThat(e)
                .isInstanceOfSatisfying(TransportError.class, t -> assertThat(t.beforeResponse()).isTrue()));
        server.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void connectionCutAfterTheHeadersIsATransportErrorAfterTheResponse() {
        server.stubFor(post(PATH).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));

        StepVerifier.create(provider.stream(LlmRequest.of("hi")))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOfSatisfying(TransportError.class, t -> assertThat(t.beforeResponse()).isFalse()))
                .verify(Duration.ofSeconds(5));
        server.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void refusedConnectionIsATransportErrorBeforeTheResponse() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OpenAiProvider nowhere = provider("http://127.0.0.1:" + closedPort + "/v1");

        expectError(nowhere.generate(LlmRequest.of("hi")), e -> assertThat(e)
                .isInstanceOfSatisfying(TransportError.class, t -> assertThat(t.beforeResponse()).isTrue())
                .hasMessageContaining("refused"));
        nowhere.close();
    }

    @Test
    void untrustedCertificateIsRefusedBeforeAnyRequest() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(200)));
        OpenAiProvider selfSigned = provider(SharedWireMock.httpsBaseUrl() + "/v1");

        expectError(selfSigned.generate(LlmRequest.of("hi")), e -> assertThat(e)
                .isInstanceOfSatisfying(TransportError.class, t -> assertThat(t.beforeResponse()).isTrue())
                .hasMessageContaining("TLS failure"));
        server.verify(0, postRequestedFor(urlEqualTo(PATH)));
        selfSigned.close();
    }

    @Test
    void serverThatNeverAnswersTimesOutOnTheHeaders() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withFixedDelay(900)));
        OpenAiProvider impatient = OpenAiProvider.builder().name("openai").apiKey("sk-test-1").model("gpt-4o-mini")
                .baseUrl(SharedWireMock.baseUrl() + "/v1").responseHeadersTimeout(Duration.ofMillis(200)).build();

        expectError(impatient.generate(LlmRequest.of("hi")), e -> assertThat(e)
                .isInstanceOfSatisfying(Timeout.class, t -> assertThat(t.kind()).isEqualTo(Timeout.Kind.RESPONSE_HEADERS)));
        impatient.close();
    }

    @Test
    void aStreamThatGoesSilentAfterItsFirstChunkIsNotCutByTheProvider() {
        // two events dribbled as two writes 800 ms apart, under a 150 ms headers timeout: once the headers are
        // in, the provider applies no deadline of its own (they are the router's, which counts idle time only
        // while the consumer waits), so the silence between the chunks ends nothing
        String first = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"A\"},\"finish_reason\":null}]}\n\n";
        String finish = "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
        DisposableServer pausing = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.header("Content-Type", "text/event-stream").sendHeaders()
                        .sendString(Flux.concat(Flux.just(first), Flux.just(finish).delaySubscription(Duration.ofMillis(800)))))
                .bindNow();
        OpenAiProvider provider = OpenAiProvider.builder().name("openai").apiKey("sk-test-1").model("gpt-4o-mini")
                .baseUrl("http://127.0.0.1:" + pausing.port()).responseHeadersTimeout(Duration.ofMillis(150)).build();
        try {
            StepVerifier.create(provider.stream(LlmRequest.of("hi")).map(LlmChunk::text))
                    .expectNext("A", "")
                    .expectComplete()
                    .verify(Duration.ofSeconds(5));
        } finally {
            provider.close();
            pausing.disposeNow();
        }
    }

    @Test
    void shortHeadersTimeoutDoesNotCutASlowStreamOnceTheHeadersArrived() {
        // WireMock holds the headers back with a dribbled body, so this server sends them at once and then
        // one event every 500 ms: more than the 200 ms headers timeout, less than the idle timeout
        String event = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"A\"},\"finish_reason\":null}]}\n\n";
        String finish = "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
        DisposableServer slow = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> response.header("Content-Type", "text/event-stream").sendHeaders()
                        .sendString(Flux.just(event, finish).delayElements(Duration.ofMillis(500))))
                .bindNow();
        OpenAiProvider quickHeaders = OpenAiProvider.builder().name("openai").apiKey("sk-test-1").model("gpt-4o-mini")
                .baseUrl("http://127.0.0.1:" + slow.port()).responseHeadersTimeout(Duration.ofMillis(200)).build();
        try {
            StepVerifier.create(quickHeaders.stream(LlmRequest.of("hi")).map(LlmChunk::text))
                    .expectNext("A", "")
                    .expectComplete()
                    .verify(Duration.ofSeconds(5));
        } finally {
            quickHeaders.close();
            slow.disposeNow();
        }
    }

    @Test
    void htmlErrorPageFromAProxyIsAServerErrorThatNeverQuotesIt() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                .withBody("<html><body><h1>502 Bad Gateway</h1>cloudflare</body></html>")));

        expectError(provider.generate(LlmRequest.of("hi")), e -> assertThat(e).isInstanceOf(ServerError.class)
                .hasMessageContaining("HTTP 502 with an HTML body (a proxy's error page)")
                .hasMessageNotContaining("cloudflare"));
    }

    @Test
    void htmlPageWithStatus200IsAMalformedResponse() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<!DOCTYPE html><html><body>Sign in to continue</body></html>")));

        expectError(provider.generate(LlmRequest.of("hi")), e -> assertThat(e).isInstanceOf(MalformedResponse.class)
                .hasMessageContaining("HTTP 200 with an HTML body")
                .hasMessageNotContaining("Sign in"));
    }

    @Test
    void htmlPageInsteadOfAStreamIsAMalformedResponse() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withHeader("x-request-id", "req_html").withBody("<html><body>Please sign in</body></html>")));

        StepVerifier.create(provider.stream(LlmRequest.of("hi")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MalformedResponse.class)
                        .hasMessageContaining("HTML body").hasMessageContaining("req_html")
                        .hasMessageNotContaining("sign in"))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void emptyErrorBodyIsClassifiedByStatus() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(500)));

        expectError(provider.generate(LlmRequest.of("hi")), e -> assertThat(e).isInstanceOf(ServerError.class)
                .hasMessageContaining("HTTP 500 with an empty body"));
    }

    @Test
    void bodyLargerThanTheCapIsRefused() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withBody("{\"pad\":\"" + "x".repeat(5000) + "\"}")));
        OpenAiProvider capped = OpenAiProvider.builder().name("openai").apiKey("sk-test-1").model("gpt-4o-mini")
                .baseUrl(SharedWireMock.baseUrl() + "/v1").maxResponseBytes(1000).build();

        expectError(capped.generate(LlmRequest.of("hi")), e -> assertThat(e).isInstanceOf(MalformedResponse.class)
                .hasMessageContaining("larger than 1000 bytes"));
        capped.close();
    }

    @ParameterizedTest(name = "HTTP {0} on a stream -> {1}")
    @CsvSource({"401, AuthenticationFailed", "403, PolicyViolation", "404, ModelNotFound", "429, RateLimited",
            "500, ServerError", "503, Overloaded", "529, Overloaded", "413, ContextLengthExceeded"})
    void errorStatusOnAStreamIsTypedWithRequestIdAndRetryAfter(int status, String type) {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(status).withHeader("x-request-id", "req_" + status)
                .withHeader("retry-after", "3").withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"nope\",\"type\":\"x\",\"code\":null}}")));

        StepVerifier.create(provider.stream(LlmRequest.of("hi")))
                .expectErrorSatisfies(e -> {
                    assertThat(e.getClass().getSimpleName()).isEqualTo(type);
                    LlmException l = (LlmException) e;
                    assertThat(l.httpStatus()).hasValue(status);
                    assertThat(l.requestId()).contains("req_" + status);
                    assertThat(l.retryAfter()).contains(Duration.ofSeconds(3));
                })
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void quotaExhaustedOnAGenerateCall() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(429).withHeader("x-request-id", "req_q")
                .withBody("{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\","
                        + "\"code\":\"insufficient_quota\"}}")));

        expectError(provider.generate(LlmRequest.of("hi")), e -> assertThat(e)
                .isInstanceOfSatisfying(RateLimited.class, r -> {
                    assertThat(r.quotaExhausted()).isTrue();
                    assertThat(r.requestId()).contains("req_q");
                }));
    }

    @Test
    void cancellingAStreamMidBodyEndsTheCall() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"
                        + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" more\"},\"finish_reason\":null}]}\n\n")
                .withChunkedDribbleDelay(4, 400)));

        StepVerifier.create(provider.stream(LlmRequest.of("hi")).map(LlmChunk::text).take(1))
                .expectNext("Hi")
                .verifyComplete();
    }

    private static OpenAiProvider provider(String baseUrl) {
        return OpenAiProvider.builder().name("openai").apiKey("sk-test-1").model("gpt-4o-mini").baseUrl(baseUrl)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    private static void expectError(reactor.core.publisher.Mono<?> call, Consumer<Throwable> check) {
        StepVerifier.create(call).expectErrorSatisfies(check).verify(Duration.ofSeconds(5));
    }
}
