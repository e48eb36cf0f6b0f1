package io.relay4j.providers.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.ResponseFormat;
import io.relay4j.core.Usage;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.providers.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/** OpenAI's request and answer formats against a WireMock server speaking the documented wire format. */
@ExtendWith(NettyLeakGuard.class)
class OpenAiProviderTest {

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String KEY = "sk-test-0123456789abcdef";

    private final OpenAiProvider provider = OpenAiProvider.builder()
            .name("openai").apiKey(KEY).model("gpt-4o-mini")
            .baseUrl(server.baseUrl() + "/v1")
            .organization("org-1").project("proj-1")
            .build();

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void sendsTheDocumentedRequestAndReadsTheAnswer() {
        server.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("x-request-id", "req_123")
                .withBody(Fixtures.text("openai/chat-completion.json"))));

        LlmRequest request = LlmRequest.builder().system("Be terse.").user("Say hi").maxTokens(64).temperature(0.2)
                .stop("END").responseFormat(ResponseFormat.jsonSchema("greeting", "{\"type\":\"object\"}")).build();
        LlmResponse response = provider.generate(request).block();

        assertThat(response.content()).isEqualTo("Hi.");
        assertThat(response.model()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage()).isEqualTo(new Usage(14, 2, 4));
        assertThat(response.requestId()).contains("req_123");
        assertThat(response.provider()).isEqualTo("openai");
        server.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
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
    void streamsTextThenALastChunkWithUsage() {
        server.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(Fixtures.text("openai/stream.sse"))));

        StepVerifier.create(provider.stream(LlmRequest.of("Say hello")).map(LlmChunk::text).collectList())
                .assertNext(texts -> assertThat(texts).containsExactly("Hel", "lo", ""))
                .verifyComplete();
        server.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Accept", equalTo("text/event-stream"))
                .withRequestBody(equalToJson("""
                        {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}],
                         "stream":true,"stream_options":{"include_usage":true}}""")));
    }
}
