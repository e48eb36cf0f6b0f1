package io.relay4j.providers.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.relay4j.core.Capability;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.ResponseFormat;
import io.relay4j.core.Tool;
import io.relay4j.core.ToolCall;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.error.ServerError;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.providers.testing.Fixtures;
import io.relay4j.providers.testing.SharedWireMock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/** OpenAI's request and answer formats against a WireMock server speaking the documented wire format. */
@ExtendWith({NettyLeakGuard.class, SharedWireMock.class})
class OpenAiProviderTest {

    private static final String KEY = "sk-test-0123456789abcdef";
    private static final String PATH = "/v1/chat/completions";

    private final WireMockServer server = SharedWireMock.server();
    private final OpenAiProvider provider = OpenAiProvider.builder()
            .name("openai").apiKey(KEY).model("gpt-4o-mini")
            .baseUrl(SharedWireMock.baseUrl() + "/v1")
            .organization("org-1").project("proj-1")
            .build();

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void sendsTheDocumentedRequestAndReadsTheAnswer() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("x-request-id", "req_123")
                .withBody(Fixtures.text("openai/chat-completion.json"))));

        LlmRequest request = LlmRequest.builder().system("Be terse.").user("Say hi").maxTokens(64).temperature(0.2)
                .stop("END").responseFormat(ResponseFormat.jsonSchema("greeting", "{\"type\":\"object\"}")).build();
        LlmResponse response = provider.generate(request).block();

        assertThat(response.content()).isEqualTo("Hi.");
        assertThat(response.model()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage())
                .isEqualTo(Usage.builder().inputTokens(14).outputTokens(2).cachedInputTokens(4).build());
        assertThat(response.requestId()).contains("req_123");
        assertThat(response.provider()).isEqualTo("openai");
        assertThat(response.latency()).isPositive();
        server.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withHeader("OpenAI-Organization", equalTo("org-1"))
                .withHeader("OpenAI-Project", equalTo("proj-1"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"model":"gpt-4o-mini",
                         "messages":[{"role":"system","content":"Be terse."},{"role":"user","content":"Say hi"}],
                         "max_completion_tokens":64,"temperature":0.2,"stop":["END"],
                         "response_format":{"type":"json_schema","json_schema":
                            {"name":"greeting","schema":{"type":"object"},"strict":true}}}""")));
    }

    @Test
    void requestModelOverridesTheConfiguredOne() {
        server.stubFor(post(PATH).willReturn(okJson(Fixtures.text("openai/chat-completion.json"))));

        provider.generate(LlmRequest.builder().user("hi").model("gpt-4.1").build()).block();

        server.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(
                "{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
    }

    @Test
    void answerCutByTheLengthLimitSaysSo() {
        server.stubFor(post(PATH).willReturn(okJson("""
                {"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,
                 "message":{"role":"assistant","content":"Once upon"},"finish_reason":"length"}],
                 "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}""")));

        LlmResponse response = provider.generate(LlmRequest.of("story")).block();

        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.usage()).isEqualTo(Usage.of(3, 2));
    }

    @Test
    void malformedJsonIsAMalformedResponse() {
        server.stubFor(post(PATH).willReturn(okJson("{\"id\":\"x\",\"choices\":[{\"message\":")));

        StepVerifier.create(provider.generate(LlmRequest.of("hi")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MalformedResponse.class)
                        .hasMessageContaining("JSON that cannot be parsed"))
                .verify();
    }

    @Test
    void answerWithoutChoicesIsAMalformedResponse() {
        server.stubFor(post(PATH).willReturn(okJson("{\"id\":\"x\",\"choices\":[]}")));

        StepVerifier.create(provider.generate(LlmRequest.of("hi")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MalformedResponse.class)
                        .hasMessageContaining("no choices"))
                .verify();
    }

    @Test
    void streamsTextThenALastChunkWithUsage() {
        stubStream(Fixtures.text("openai/stream.sse"));

        List<LlmChunk> chunks = provider.stream(LlmRequest.of("Say hello")).collectList().block();

        assertThat(chunks).extracting(LlmChunk::text).containsExactly("Hel", "lo", "");
        LlmChunk last = chunks.get(2);
        assertThat(last.isLast()).isTrue();
        assertThat(last.finishReason()).contains(FinishReason.STOP);
        assertThat(last.usage()).contains(Usage.of(5, 2));
        assertThat(last.model()).contains("gpt-4o-mini-2024-07-18");
        server.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Accept", equalTo("text/event-stream"))
                .withRequestBody(equalToJson("""
                        {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}],
                         "stream":true,"stream_options":{"include_usage":true}}""")));
    }

    /**
     * The HTTP stream used to drop every chunk without text, so tool calls and reasoning never reached the caller:
     * the call must arrive once, complete, and the last chunk must carry the whole assistant message.
     */
    @Test
    void aStreamedToolCallReachesTheCallerOnceWithTheMessageOnTheLastChunk() {
        stubStream(Fixtures.text("wire/openai/tool-call-single.sse"));

        List<LlmChunk> chunks = provider.stream(LlmRequest.builder().user("Weather in SF?")
                .tool(Tool.of("get_weather", "", "{\"type\":\"object\"}")).build())
                .collectList().block();

        assertThat(chunks).filteredOn(c -> c.toolCall().isPresent()).singleElement()
                .satisfies(c -> assertThat(c.toolCall().get().id()).isEqualTo("call_DdmO9pD3xa9XTPNJ32zg2hcA"));
        LlmChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.finishReason()).contains(FinishReason.TOOL_CALLS);
        assertThat(last.message().orElseThrow().toolCalls()).extracting(ToolCall::name)
                .containsExactly("get_weather");
    }

    @Test
    void openAiDeclaresEveryCapability() {
        assertThat(provider.info().capabilities()).containsExactlyInAnyOrder(Capability.values());
    }

    @Test
    void finishReasonThenEndOfBodyWithoutDoneIsANormalEnd() {
        stubStream(chunk("{\"content\":\"Hi\"}", null) + chunk("{}", "stop"));

        List<LlmChunk> chunks = provider.stream(LlmRequest.of("hi")).collectList().block();

        assertThat(chunks).extracting(LlmChunk::text).containsExactly("Hi", "");
        assertThat(chunks.get(1).usage()).contains(Usage.NONE);
    }

    @Test
    void streamCutBeforeItsEndIsAMalformedResponse() {
        stubStream(chunk("{\"content\":\"Hi\"}", null) + chunk("{\"content\":\" there\"}", null));

        StepVerifier.create(provider.stream(LlmRequest.of("hi")).map(LlmChunk::text))
                .expectNext("Hi", " there")
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MalformedResponse.class)
                        .hasMessageContaining("ended before the vendor's end marker"))
                .verify();
    }

    @Test
    void errorEventInsideTheStreamIsTyped() {
        stubStream(chunk("{\"content\":\"Hi\"}", null)
                + "data: {\"error\": {\"message\": \"The server had an error while processing your request.\","
                + " \"type\": \"server_error\"}}\n\n");

        StepVerifier.create(provider.stream(LlmRequest.of("hi")).map(LlmChunk::text))
                .expectNext("Hi")
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ServerError.class)
                        .hasMessageContaining("The server had an error"))
                .verify();
    }

    @Test
    void junkEventInAHealthyStreamIsSkippedWhenLenient() {
        stubStream(chunk("{\"content\":\"Hi\"}", null) + "data: {not json\n\n" + chunk("{}", "stop") + "data: [DONE]\n\n");

        StepVerifier.create(provider.stream(LlmRequest.of("hi")).map(LlmChunk::text))
                .expectNext("Hi", "")
                .verifyComplete();
    }

    @Test
    void junkEventFailsAStrictStream() {
        stubStream(chunk("{\"content\":\"Hi\"}", null) + "data: {not json\n\n" + chunk("{}", "stop") + "data: [DONE]\n\n");
        OpenAiProvider strict = OpenAiProvider.builder().name("strict").apiKey(KEY).model("gpt-4o-mini")
                .baseUrl(SharedWireMock.baseUrl() + "/v1").strictStreams(true).build();

        StepVerifier.create(strict.stream(LlmRequest.of("hi")).map(LlmChunk::text))
                .expectNext("Hi")
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(MalformedResponse.class)
                        .hasMessageContaining("not valid JSON"))
                .verify();
        strict.close();
    }

    /** Issue 12 item 4: a content_filter finish used to end the stream as a normal answer. */
    @Test
    void contentFilterFinishEndsTheStreamWithContentFiltered() {
        stubStream(chunk("{\"content\":\"I\"}", null) + chunk("{}", "content_filter") + "data: [DONE]\n\n");

        StepVerifier.create(provider.stream(LlmRequest.of("hi")))
                .assertNext(c -> assertThat(c.text()).isEqualTo("I"))
                .expectError(ContentFiltered.class)
                .verify(Duration.ofSeconds(5));
    }

    /** Issue 12 item 4: OpenAI's moderation refusal (400 content_policy_violation) used to be InvalidRequest. */
    @Test
    void contentPolicyViolationIsContentFiltered() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"content_policy_violation\",\"message\":\"Your request was "
                        + "rejected as a result of our safety system.\",\"param\":null,\"type\":\"invalid_request_error\"}}")));

        StepVerifier.create(provider.generate(LlmRequest.of("hi")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ContentFiltered.class,
                        c -> assertThat(c.details().vendorCode()).contains("content_policy_violation")))
                .verify(Duration.ofSeconds(5));
    }

    /** Issue 12 item 4: a structured-outputs refusal used to come back as the answer's text. */
    @Test
    void aRefusalMessageIsContentFilteredNotTheAnswer() {
        server.stubFor(post(PATH).willReturn(okJson("{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                + "\"refusal\":\"I'm sorry, I can't help with that.\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":9,\"total_tokens\":14}}")));

        StepVerifier.create(provider.generate(LlmRequest.of("hi")))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ContentFiltered.class,
                        c -> assertThat(c.details().vendorCode()).contains("refusal")))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void infoNamesTheVendorAndModel() {
        assertThat(provider.info().vendor()).isEqualTo("openai");
        assertThat(provider.info().model()).isEqualTo("gpt-4o-mini");
        assertThat(provider.name()).isEqualTo("openai");
    }

    static String chunk(String delta, String finishReason) {
        return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}\n\n";
    }

    private void stubStream(String body) {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(body)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
