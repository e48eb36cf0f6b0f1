package io.relay4j.providers.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.providers.compatible.CompatibleServer;
import io.relay4j.providers.compatible.OpenAiCompatibleProvider;
import io.relay4j.providers.internal.ErrorClassifier;
import io.relay4j.providers.internal.HttpCall;
import io.relay4j.providers.internal.HttpReply;
import io.relay4j.providers.internal.Redactor;
import io.relay4j.providers.internal.StreamParser;
import io.relay4j.providers.internal.WireProtocol;
import io.relay4j.providers.testing.SharedWireMock;
import io.relay4j.streaming.sse.ServerSentEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/**
 * How any vendor plugs into the shared transport: its {@link WireProtocol}, held by an {@link HttpLlmProvider}
 * with the settings a {@link io.relay4j.providers.ProviderBuilder} validated. The toy "line" protocol here
 * streams one word per event and ends with {@code end}; its bugs must come out typed.
 */
@ExtendWith({NettyLeakGuard.class, SharedWireMock.class})
class HttpLlmProviderContractTest {

    @Test
    void wholeAnswerGoesThroughTheVendorsDecoder() {
        SharedWireMock.server().stubFor(post("/line").willReturn(aResponse().withStatus(200).withBody("hello")));

        try (HttpLlmProvider provider = lineProvider(false)) {
            LlmResponse response = provider.generate(LlmRequest.of("hi")).block(Duration.ofSeconds(5));
            assertThat(response.content()).isEqualTo("hello");
            assertThat(provider.info().vendor()).isEqualTo("line");
        }
        SharedWireMock.server().verify(1, postRequestedFor(urlEqualTo("/line")));
    }

    @Test
    void streamEmitsTextThenExactlyOneLastChunk() {
        stubStream("data: a\n\ndata: b\n\ndata: end\n\n");

        try (HttpLlmProvider provider = lineProvider(false)) {
            StepVerifier.create(provider.stream(LlmRequest.of("hi")))
                    .assertNext(c -> assertThat(c.text()).isEqualTo("a"))
                    .assertNext(c -> assertThat(c.text()).isEqualTo("b"))
                    .assertNext(c -> assertThat(c.isLast()).isTrue())
                    .verifyComplete();
        }
    }

    @Test
    void parserBugOnOneEventIsSkippedWhenLenientAndFatalWhenStrict() {
        stubStream("data: a\n\ndata: boom\n\ndata: end\n\n");

        try (HttpLlmProvider lenient = lineProvider(false); HttpLlmProvider strict = lineProvider(true)) {
            StepVerifier.create(lenient.stream(LlmRequest.of("hi")).map(LlmChunk::text))
                    .expectNext("a", "")
                    .verifyComplete();
            StepVerifier.create(strict.stream(LlmRequest.of("hi")).map(LlmChunk::text))
                    .expectNext("a")
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MalformedResponse.class)
                            .hasMessageContaining("IllegalStateException at HttpLlmProviderContractTest$LineProtocol")
                            .hasNoCause())
                    .verify(Duration.ofSeconds(5));
        }
    }

    @Test
    void decoderBugIsAMalformedResponseAndEncoderBugAnInvalidRequest() {
        SharedWireMock.server().stubFor(post("/line").willReturn(aResponse().withStatus(200).withBody("boom")));

        try (HttpLlmProvider provider = lineProvider(false)) {
            StepVerifier.create(provider.generate(LlmRequest.of("hi")))
                    .expectError(MalformedResponse.class)
                    .verify(Duration.ofSeconds(5));
            StepVerifier.create(provider.generate(LlmRequest.builder().user("hi").model("unsendable").build()))
                    .expectError(InvalidRequest.class)
                    .verify(Duration.ofSeconds(5));
        }
    }

    private static void stubStream(String body) {
        SharedWireMock.server().stubFor(post("/line").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(body)));
    }

    private static HttpLlmProvider lineProvider(boolean strict) {
        return lineProvider(SharedWireMock.baseUrl(), strict);
    }

    /**
     * The toy vendor's provider: a generic builder's validated settings (read the way vendor builders read them)
     * and the line protocol, held by the shared transport.
     */
    static HttpLlmProvider lineProvider(String baseUrl, boolean strict) {
        ProviderSettings settings = BuilderSettings.of(OpenAiCompatibleProvider.builder(CompatibleServer.GENERIC)
                .name("line").model("m").baseUrl(baseUrl).strictStreams(strict));
        return new HttpLlmProvider(settings, new LineProtocol(Redactor.of(settings.apiKey())), "line", false,
                java.util.Set.of());
    }

    /**
     * One word per event; {@code end} finishes; {@code boom} is a bug in the vendor's code; a body that ends
     * before {@code end} is cut.
     */
    record LineProtocol(Redactor redactor) implements WireProtocol {

        @Override
        public HttpCall encode(LlmRequest request, boolean stream) {
            if (request.model().filter("unsendable"::equals).isPresent()) {
                throw new IllegalArgumentException("this vendor cannot encode that");
            }
            return new HttpCall("/line", Map.of(), request.lastMessage().content().getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public LlmResponse decodeResponse(HttpReply reply) {
            String text = new String(reply.body(), StandardCharsets.UTF_8);
            if (text.equals("boom")) {
                throw new IllegalStateException("decoder bug");
            }
            return LlmResponse.builder().content(text).provider(reply.provider()).model("m").latency(reply.latency())
                    .finishReason(FinishReason.STOP).requestId(ErrorClassifier.requestId(reply)).build();
        }

        @Override
        public LlmException decodeError(HttpReply reply) {
            return ErrorClassifier.fromReply(reply, redactor);
        }

        @Override
        public StreamParser newStreamParser(HttpReply headersOnly) {
            return new StreamParser() {
                private boolean finished;

                @Override
                public List<LlmChunk> onEvent(ServerSentEvent event) {
                    if (event.data().equals("boom")) {
                        throw new IllegalStateException("parser bug");
                    }
                    if (event.data().equals("end")) {
                        finished = true;
                        return List.of();
                    }
                    return List.of(LlmChunk.text(event.data()));
                }

                @Override
                public boolean isFinished() {
                    return finished;
                }

                @Override
                public boolean saidFinished() {
                    return finished;
                }

                @Override
                public LlmChunk onEnd() {
                    if (!finished) {
                        throw new MalformedResponse("the stream ended before its end marker",
                                ErrorDetails.of("line"));
                    }
                    return LlmChunk.last("", FinishReason.STOP, Usage.NONE, "m");
                }
            };
        }
    }
}
