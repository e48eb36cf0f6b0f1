package io.relay4j.providers.gemini;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
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
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.ResponseFormat;
import io.relay4j.core.Usage;
import io.relay4j.core.error.AuthenticationFailed;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.error.ModelNotFound;
import io.relay4j.core.error.Overloaded;
import io.relay4j.core.error.PolicyViolation;
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

/** Gemini's provider over real HTTP against a WireMock server speaking the documented wire format. */
@ExtendWith({NettyLeakGuard.class, SharedWireMock.class})
class GeminiProviderTest {

    private static final WireMockServer server = SharedWireMock.server();

    private static final String KEY = GeminiFixtures.KEY;
    private static final String GENERATE = "/v1beta/models/gemini-2.5-flash:generateContent";
    private static final String STREAM = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse";

    private final GeminiProvider provider = GeminiProvider.builder()
            .name("gemini").apiKey(KEY).model("gemini-2.5-flash")
            .baseUrl(SharedWireMock.baseUrl() + "/v1beta")
            .build();

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void sendsTheDocumentedRequestWithTheKeyInAHeaderAndReadsTheAnswer() {
        server.stubFor(post(GENERATE).willReturn(json(200, Fixtures.text("gemini/response-text.json"))));

        LlmResponse response = provider.generate(LlmRequest.builder().system("Be terse.").user("Say hi").maxTokens(64)
                .temperature(0.2).stop("END").responseFormat(ResponseFormat.jsonSchema("g", "{\"type\":\"object\"}"))
                .build()).block();

        assertThat(response.content()).isEqualTo("Hi there.");
        assertThat(response.model()).isEqualTo("gemini-2.5-flash");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage())
                .isEqualTo(Usage.builder().inputTokens(50).outputTokens(23).cachedInputTokens(32).reasoningTokens(20)
                        .build());
        assertThat(response.requestId()).contains("mAitaJWyOM-xqtsP0KTlqAc");
        server.verify(1, postRequestedFor(urlEqualTo(GENERATE))
                .withHeader("x-goog-api-key", equalTo(KEY))
                .withHeader("Content-Type", equalTo("application/json"))
                .withQueryParam("key", absent())
                .withRequestBody(equalToJson("""
                        {"systemInstruction":{"parts":[{"text":"Be terse."}]},
                         "contents":[{"role":"user","parts":[{"text":"Say hi"}]}],
                         "generationConfig":{"maxOutputTokens":64,"temperature":0.2,"stopSequences":["END"],
                           "responseMimeType":"application/json","responseJsonSchema":{"type":"object"}}}""")));
    }

    @Test
    void streamsCrlfFramedChunksThenALastChunkWithTheFinalUsage() {
        server.stubFor(post(STREAM).willReturn(sse(Fixtures.text("gemini/stream-text.sse"))));

        StepVerifier.create(provider.stream(LlmRequest.of("Say hello")).collectList())
                .assertNext(chunks -> {
                    assertThat(chunks).extracting(LlmChunk::text)
                            .containsExactly("Certainly", "! Here it is.", " Done.", "");
                    LlmChunk last = chunks.get(3);
                    assertThat(last.finishReason()).contains(FinishReason.STOP);
                    assertThat(last.usage())
                            .contains(Usage.builder().inputTokens(399).outputTokens(35).cachedInputTokens(100)
                                    .reasoningTokens(4).build());
                })
                .verifyComplete();
        server.verify(1, postRequestedFor(urlEqualTo(STREAM))
                .withHeader("x-goog-api-key", equalTo(KEY))
                .withRequestBody(equalToJson("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Say hello\"}]}]}")));
    }

    @Test
    void aStreamEndingWithoutAFinishReasonFailsAfterItsText() {
        server.stubFor(post(STREAM).willReturn(sse(Fixtures.text("gemini/stream-truncated.sse"))));

        StepVerifier.create(provider.stream(LlmRequest.of("x")).map(LlmChunk::text))
                .expectNext("Certainly", "! Here")
                .verifyError(MalformedResponse.class);
    }

    @Test
    void anErrorChunkInsideTheStreamIsTyped() {
        server.stubFor(post(STREAM).willReturn(sse(Fixtures.text("gemini/stream-error.sse"))));

        StepVerifier.create(provider.stream(LlmRequest.of("x")).map(LlmChunk::text))
                .expectNext("Certainly")
                .verifyError(Overloaded.class);
    }

    @Test
    void aStreamRefusedWithAStatusIsTypedLikeAWholeAnswer() {
        server.stubFor(post(STREAM).willReturn(json(404, "{\"error\":{\"code\":404,\"message\":"
                + "\"models/gemini-2.5-flash is not found for API version v1beta\",\"status\":\"NOT_FOUND\"}}")));

        StepVerifier.create(provider.stream(LlmRequest.of("x")))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ModelNotFound.class);
                    assertThat(((LlmException) e).httpStatus()).hasValue(404);
                })
                .verify();
    }

    @Test
    void aRateLimitWaitsForTheRetryDelayOfTheBody() {
        server.stubFor(post(GENERATE).willReturn(json(429, Fixtures.text("gemini/error-rate-limited.json"))));

        StepVerifier.create(provider.generate(LlmRequest.of("x")))
                .expectErrorSatisfies(e -> {
                    RateLimited limited = (RateLimited) e;
                    assertThat(limited.quotaExhausted()).isFalse();
                    assertThat(limited.httpStatus()).hasValue(429);
                    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(22));
                    assertThat(limited.details().vendorCode()).contains("RESOURCE_EXHAUSTED");
                })
                .verify();
    }

    @Test
    void statusesMapToTheTaxonomy() {
        assertError(json(400, Fixtures.text("gemini/error-api-key-invalid.json")), AuthenticationFailed.class);
        assertError(json(400, Fixtures.text("gemini/error-region.json")), PolicyViolation.class);
        assertError(json(503, "{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\","
                + "\"status\":\"UNAVAILABLE\"}}"), Overloaded.class);
        assertError(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                .withBody("<!DOCTYPE html><html><body>Error 502 (Server Error)</body></html>"), ServerError.class);
        assertError(json(429, Fixtures.text("gemini/error-daily-quota.json")), RateLimited.class);
    }

    @Test
    void aConnectionResetIsATransportErrorAfterExactlyOneRequest() {
        server.stubFor(post(GENERATE).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        StepVerifier.create(provider.generate(LlmRequest.of("x"))).verifyError(TransportError.class);
        server.verify(1, postRequestedFor(urlEqualTo(GENERATE)));
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        server.stubFor(post(GENERATE).willReturn(json(200, Fixtures.text("gemini/response-text.json"))
                .withFixedDelay(2_000)));

        try (GeminiProvider impatient = GeminiProvider.builder().name("gemini").apiKey(KEY).model("gemini-2.5-flash")
                .baseUrl(SharedWireMock.baseUrl() + "/v1beta").responseHeadersTimeout(Duration.ofMillis(500)).build()) {
            StepVerifier.create(impatient.generate(LlmRequest.of("x")))
                    .expectErrorSatisfies(e -> assertThat(((Timeout) e).kind()).isEqualTo(Timeout.Kind.RESPONSE_HEADERS))
                    .verify(Duration.ofSeconds(5));
        }
    }

    @Test
    void theKeyAppearsInNoUrlErrorMessageToStringOrLogLine() {
        ListAppender<ILoggingEvent> logs = captureLogs();
        List<Throwable> errors = new ArrayList<>();
        try {
            server.stubFor(post(GENERATE).willReturn(json(400, "{\"error\":{\"code\":400,\"message\":\"API key "
                    + KEY + " not valid.\",\"status\":\"INVALID_ARGUMENT\"}}")));
            provider.generate(LlmRequest.of("x")).doOnError(errors::add).onErrorComplete().block();
            server.stubFor(post(STREAM).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
            provider.stream(LlmRequest.of("x")).doOnError(errors::add).onErrorComplete().blockLast();
            // a lenient stream skips an unparseable event that quotes the key
            server.stubFor(post(STREAM).willReturn(sse("data: {\"not json " + KEY + "\r\n\r\n"
                    + Fixtures.text("gemini/stream-text.sse"))));
            assertThat(provider.stream(LlmRequest.of("x")).map(LlmChunk::text).collectList().block())
                    .containsExactly("Certainly", "! Here it is.", " Done.", "");
        } finally {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        }
        List<String> lines;
        synchronized (logs) {
            // an event loop may still be appending: AppenderBase appends under the appender's lock
            lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }

        assertThat(errors).hasSize(2);
        for (Throwable e : errors) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY);
                assertThat(t.toString()).doesNotContain(KEY);
            }
        }
        assertThat(server.findAll(anyRequestedFor(anyUrl()))).extracting(LoggedRequest::getUrl)
                .hasSize(3).allSatisfy(url -> assertThat(url).doesNotContain(KEY).doesNotContain("key="));
        assertThat(provider.toString()).doesNotContain(KEY);
        // reactor-netty logs the reset before it delivers the error, so the capture is never empty
        assertThat(lines)
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).doesNotContain(KEY));
    }

    @Test
    void declaresTheGeminiVendorWithoutPrefill() {
        assertThat(provider.info())
                .isEqualTo(ProviderInfo.builder().vendor("gcp.gemini").model("gemini-2.5-flash")
                        .capabilities(java.util.EnumSet.allOf(io.relay4j.core.Capability.class)).build());
    }

    @Test
    void theBuilderRefusesAModelThatWouldChangeTheUrl() {
        assertThatThrownBy(() -> GeminiProvider.builder().name("g").apiKey(KEY).model("gemini/../x").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a Gemini model id");
    }

    private void assertError(ResponseDefinitionBuilder response, Class<? extends LlmException> expected) {
        server.stubFor(post(GENERATE).willReturn(response));
        StepVerifier.create(provider.generate(LlmRequest.of("x")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(expected))
                .verify();
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
