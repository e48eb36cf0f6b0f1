package io.relay4j.providers.anthropic;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.Usage;
import io.relay4j.core.error.AuthenticationFailed;
import io.relay4j.core.error.ContextLengthExceeded;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.error.Overloaded;
import io.relay4j.core.error.RateLimited;
import io.relay4j.core.error.ServerError;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.error.TransportError;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.providers.testing.Fixtures;
import io.relay4j.providers.testing.SharedWireMock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import reactor.test.StepVerifier;

/** Anthropic's provider over real HTTP against a WireMock server speaking the documented wire format. */
@ExtendWith({NettyLeakGuard.class, SharedWireMock.class})
class AnthropicProviderTest {

    private static final WireMockServer server = SharedWireMock.server();

    private static final String KEY = AnthropicFixtures.KEY;

    private final AnthropicProvider provider = AnthropicProvider.builder()
            .name("claude").apiKey(KEY).model("claude-sonnet-4-5")
            .baseUrl(SharedWireMock.baseUrl() + "/v1")
            .defaultMaxTokens(512)
            .contextWindowTokens(200_000)
            .build();

    @AfterEach
    void close() {
        provider.close();
    }

    /**
     * Issue 13: a streamed thinking-then-tool answer reaches the caller as reasoning and tool-call chunks (the
     * transport used to drop every chunk without text), and folds to what generate returns for the same answer.
     */
    @Test
    void aStreamedThinkingAndToolAnswerFoldsToWhatGenerateReturns() {
        stub(json(200, Fixtures.text("wire/anthropic/response-thinking-tool.json")));
        LlmResponse whole = provider.generate(LlmRequest.of("Weather in Paris?")).block();
        stub(sse(Fixtures.text("wire/anthropic/stream-thinking-tool.sse")));

        List<LlmChunk> chunks = provider.stream(LlmRequest.of("Weather in Paris?")).collectList().block();
        LlmResponse folded = io.relay4j.streaming.LlmChunks.toResponse(reactor.core.publisher.Flux.fromIterable(chunks),
                "claude").block();

        assertThat(chunks).anyMatch(c -> !c.reasoning().isEmpty());
        assertThat(chunks).filteredOn(c -> c.toolCall().isPresent()).hasSize(1);
        assertThat(folded.message()).isEqualTo(whole.message());
        assertThat(folded.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(folded.usage()).isEqualTo(whole.usage());
    }

    @Test
    void sendsTheDocumentedRequestAndReadsTheAnswer() {
        stub(json(200, Fixtures.text("anthropic/response-text.json")).withHeader("request-id", "req_123"));

        LlmResponse response = provider.generate(LlmRequest.builder().system("Be terse.").user("Say hi")
                .temperature(0.2).stop("END").build()).block();

        assertThat(response.content()).isEqualTo("Hi there.");
        assertThat(response.model()).isEqualTo("claude-sonnet-4-20250514");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage())
                .isEqualTo(Usage.builder().inputTokens(512).outputTokens(3).cachedInputTokens(400).build());
        assertThat(response.requestId()).contains("req_123");
        assertThat(response.provider()).isEqualTo("claude");
        server.verify(1, postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("x-api-key", equalTo(KEY))
                .withHeader("anthropic-version", equalTo("2023-06-01"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"model":"claude-sonnet-4-5","max_tokens":512,"system":"Be terse.",
                         "messages":[{"role":"user","content":"Say hi"}],
                         "stop_sequences":["END"],"temperature":0.2}""")));
    }

    @Test
    void streamsTextThenALastChunkWithUsage() {
        stub(sse(Fixtures.text("anthropic/stream-text.sse")));

        StepVerifier.create(provider.stream(LlmRequest.of("Say hello")).collectList())
                .assertNext(chunks -> {
                    assertThat(chunks).extracting(LlmChunk::text).containsExactly("", "Hello", ", world", "", "");
                    assertThat(chunks.get(3).toolCall()).isPresent();
                    LlmChunk last = chunks.get(4);
                    assertThat(last.finishReason()).contains(FinishReason.STOP);
                    assertThat(last.usage())
                            .contains(Usage.builder().inputTokens(30).outputTokens(15).cachedInputTokens(5).build());
                    assertThat(last.model()).contains("claude-sonnet-4-20250514");
                })
                .verifyComplete();
        server.verify(1, postRequestedFor(urlEqualTo("/v1/messages"))
                .withHeader("Accept", equalTo("text/event-stream"))
                .withRequestBody(equalToJson("""
                        {"model":"claude-sonnet-4-5","max_tokens":512,
                         "messages":[{"role":"user","content":"Say hello"}],"stream":true}""")));
    }

    @Test
    void aStreamCutBeforeMessageStopFailsAfterItsText() {
        stub(sse(Fixtures.text("anthropic/stream-truncated.sse")));

        StepVerifier.create(provider.stream(LlmRequest.of("x")).map(LlmChunk::text))
                .expectNext("Hello")
                .verifyError(MalformedResponse.class);
    }

    @Test
    void anOverloadErrorInsideTheStreamIsOverloaded() {
        stub(sse(Fixtures.text("anthropic/stream-error.sse")).withHeader("request-id", "req_s"));

        StepVerifier.create(provider.stream(LlmRequest.of("x")))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(Overloaded.class);
                    assertThat(((LlmException) e).requestId()).contains("req_s");
                })
                .verify();
    }

    @Test
    void aStreamRefusedWithAStatusIsTypedLikeAWholeAnswer() {
        stub(json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},"
                + "\"request_id\":\"req_529\"}").withHeader("retry-after", "2"));

        StepVerifier.create(provider.stream(LlmRequest.of("x")))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(Overloaded.class);
                    assertThat(((LlmException) e).httpStatus()).hasValue(529);
                    assertThat(((LlmException) e).requestId()).contains("req_529");
                    assertThat(((LlmException) e).retryAfter()).contains(Duration.ofSeconds(2));
                })
                .verify();
    }

    @Test
    void aRateLimitCarriesRetryAfterRateLimitCountersAndRequestId() {
        stub(json(429, Fixtures.text("anthropic/error-rate-limit.json"))
                .withHeader("retry-after", "17")
                .withHeader("request-id", "req_429")
                .withHeader("anthropic-ratelimit-requests-limit", "50")
                .withHeader("anthropic-ratelimit-requests-remaining", "0")
                .withHeader("anthropic-ratelimit-requests-reset", "2099-01-01T00:00:00Z"));

        StepVerifier.create(provider.generate(LlmRequest.of("x")))
                .expectErrorSatisfies(e -> {
                    RateLimited limited = (RateLimited) e;
                    assertThat(limited.quotaExhausted()).isFalse();
                    assertThat(limited.httpStatus()).hasValue(429);
                    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(17));
                    assertThat(limited.requestId()).contains("req_429");
                    assertThat(limited.details().rateLimit().limitRequests()).hasValue(50);
                    assertThat(limited.details().rateLimit().remainingRequests()).hasValue(0);
                    assertThat(limited.details().rateLimit().requestsReset()).isPresent();
                })
                .verify();
    }

    @Test
    void statusesMapToTheTaxonomy() {
        assertError(json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"),
                Overloaded.class);
        assertError(json(400, Fixtures.text("anthropic/error-prompt-too-long.json")), ContextLengthExceeded.class);
        assertError(aResponse().withStatus(413).withHeader("Content-Type", "text/html")
                .withBody(Fixtures.text("anthropic/error-413-cloudflare.html")), ContextLengthExceeded.class);
        assertError(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                .withBody("<html><body><h1>502 Bad Gateway</h1></body></html>"), ServerError.class);
    }

    @Test
    void aConnectionResetIsATransportErrorAfterExactlyOneRequest() {
        stub(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        StepVerifier.create(provider.generate(LlmRequest.of("x"))).verifyError(TransportError.class);
        server.verify(1, postRequestedFor(urlEqualTo("/v1/messages")));
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        stub(json(200, Fixtures.text("anthropic/response-text.json")).withFixedDelay(2_000));

        try (AnthropicProvider impatient = AnthropicProvider.builder().name("claude").apiKey(KEY).model("m")
                .baseUrl(SharedWireMock.baseUrl() + "/v1").responseHeadersTimeout(Duration.ofMillis(500)).build()) {
            StepVerifier.create(impatient.generate(LlmRequest.of("x")))
                    .expectErrorSatisfies(e -> assertThat(((Timeout) e).kind()).isEqualTo(Timeout.Kind.RESPONSE_HEADERS))
                    .verify(Duration.ofSeconds(5));
        }
    }

    @Test
    void theKeyAppearsInNoErrorMessageToStringOrLogLine() {
        ListAppender<ILoggingEvent> logs = captureLogs();
        List<Throwable> errors = new ArrayList<>();
        try {
            stub(json(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                    + "\"message\":\"invalid x-api-key " + KEY + "\"}}"));
            provider.generate(LlmRequest.of("x")).doOnError(errors::add).onErrorComplete().block();
            stub(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
            provider.stream(LlmRequest.of("x")).doOnError(errors::add).onErrorComplete().blockLast();
            // a lenient stream skips an unparseable event that quotes the key
            stub(sse("event: content_block_delta\ndata: {\"not json " + KEY + "\n\n"
                    + Fixtures.text("anthropic/stream-text.sse")));
            assertThat(provider.stream(LlmRequest.of("x")).map(LlmChunk::text).collectList().block())
                    .containsExactly("", "Hello", ", world", "", "");
        } finally {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        }
        List<String> lines;
        synchronized (logs) {
            // an event loop may still be appending: AppenderBase appends under the appender's lock
            lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }

        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).isInstanceOf(AuthenticationFailed.class);
        for (Throwable e : errors) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY);
                assertThat(t.toString()).doesNotContain(KEY);
            }
        }
        assertThat(provider.toString()).doesNotContain(KEY);
        assertThat(AnthropicProvider.builder().apiKey(KEY).toString()).doesNotContain(KEY);
        // reactor-netty logs the reset before it delivers the error, so the capture is never empty
        assertThat(lines)
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).doesNotContain(KEY));
    }

    @Test
    void declaresVendorModelContextWindowAndPrefill() {
        assertThat(provider.info())
                .isEqualTo(ProviderInfo.builder().vendor("anthropic").model("claude-sonnet-4-5")
                        .contextWindowTokens(200_000).acceptsAssistantPrefill(true)
                        .capabilities(java.util.EnumSet.allOf(io.relay4j.core.Capability.class)).build());
        assertThat(provider.name()).isEqualTo("claude");
    }

    @Test
    void theBuilderSaysWhatIsMissingOrWrong() {
        assertThatThrownBy(() -> AnthropicProvider.builder().name("c").model("m").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("apiKey(");
        assertThatThrownBy(() -> AnthropicProvider.builder().defaultMaxTokens(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultMaxTokens");
    }

    private void assertError(ResponseDefinitionBuilder response, Class<? extends LlmException> expected) {
        stub(response);
        StepVerifier.create(provider.generate(LlmRequest.of("x")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(expected))
                .verify();
    }

    private static void stub(ResponseDefinitionBuilder response) {
        server.stubFor(post("/v1/messages").willReturn(response));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ResponseDefinitionBuilder sse(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(appender);
        return appender;
    }
}
