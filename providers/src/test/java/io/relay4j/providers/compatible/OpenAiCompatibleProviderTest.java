package io.relay4j.providers.compatible;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.relay4j.core.Capability;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Message;
import io.relay4j.core.Tool;
import io.relay4j.core.ToolCall;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ModelNotFound;
import io.relay4j.core.error.RateLimited;
import io.relay4j.core.error.ServerError;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.providers.openai.TokenLimitField;
import io.relay4j.providers.testing.Fixtures;
import io.relay4j.providers.testing.SharedWireMock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

/** The OpenAI-compatible presets and the quirks of the servers behind them. */
@ExtendWith({NettyLeakGuard.class, SharedWireMock.class})
class OpenAiCompatibleProviderTest {

    private static final String PATH = "/v1/chat/completions";

    private final WireMockServer server = SharedWireMock.server();

    @Test
    void ollamaNeedsNoKeyAndSendsMaxTokens() {
        server.stubFor(post(PATH).willReturn(okJson(Fixtures.text("openai/chat-completion.json"))));

        try (OpenAiCompatibleProvider ollama = OpenAiCompatibleProvider.builder(CompatibleServer.OLLAMA)
                .name("ollama").model("llama3.2").baseUrl(SharedWireMock.baseUrl() + "/v1").build()) {
            ollama.generate(LlmRequest.builder().user("hi").maxTokens(32).build()).block();
            assertThat(ollama.info().vendor()).isEqualTo("ollama");
        }
        server.verify(1, postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", absent())
                .withRequestBody(equalToJson("{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"max_tokens\":32}")));
    }

    @Test
    void mistralGetsNoFieldItDoesNotKnow() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(Fixtures.text("openai/stream.sse"))));

        try (OpenAiCompatibleProvider mistral = mistral()) {
            mistral.stream(LlmRequest.builder().user("hi").maxTokens(5).build()).blockLast();
        }
        server.verify(1, postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer mistral-key"))
                .withRequestBody(equalToJson("{\"model\":\"mistral-small-latest\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"hi\"}],\"max_tokens\":5,\"stream\":true}")));
    }

    @Test
    void deepSeekBlankLinesBeforeTheJsonAreTolerated() {
        server.stubFor(post(PATH).willReturn(okJson(Fixtures.text("compatible/deepseek-leading-blank-lines.json"))));

        try (OpenAiCompatibleProvider deepseek = OpenAiCompatibleProvider.builder(CompatibleServer.DEEPSEEK)
                .name("deepseek").apiKey("sk-ds-1").model("deepseek-chat").baseUrl(SharedWireMock.baseUrl() + "/v1")
                .build()) {
            LlmResponse response = deepseek.generate(LlmRequest.of("hi")).block();
            assertThat(response.content()).isEqualTo("Hello!");
            assertThat(response.usage()).isEqualTo(Usage.of(10, 3));
        }
    }

    @Test
    void openRouterKeepAliveCommentsAreIgnored() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(Fixtures.text("compatible/openrouter-stream.sse"))));

        try (OpenAiCompatibleProvider openRouter = openRouter()) {
            List<LlmChunk> chunks = openRouter.stream(LlmRequest.of("hi")).collectList().block();
            assertThat(chunks).extracting(LlmChunk::text).containsExactly("Hi", "");
            assertThat(chunks.get(1).finishReason()).contains(FinishReason.STOP);
            assertThat(chunks.get(1).usage()).contains(Usage.of(4, 1));
        }
    }

    @Test
    void openRouterOutOfCreditsIsASpentQuota() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(402)
                .withBody("{\"error\":{\"code\":402,\"message\":\"Insufficient credits. Add more using https://openrouter.ai/credits\"}}")));

        try (OpenAiCompatibleProvider openRouter = openRouter()) {
            StepVerifier.create(openRouter.generate(LlmRequest.of("hi")))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(RateLimited.class,
                            r -> assertThat(r.quotaExhausted()).isTrue()))
                    .verify(Duration.ofSeconds(5));
        }
    }

    @Test
    void vllmFlatErrorWithNumericCodeInsideAStreamIsTyped() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(Fixtures.text("compatible/vllm-flat-error-stream.sse"))));

        try (OpenAiCompatibleProvider vllm = vllm()) {
            StepVerifier.create(vllm.stream(LlmRequest.of("hi")).map(LlmChunk::text))
                    .expectNext("Hi")
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ServerError.class)
                            .hasMessageContaining("ran out of memory"))
                    .verify(Duration.ofSeconds(5));
        }
    }

    @Test
    void vllmFlatErrorBodyIsTyped() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(404).withBody(
                "{\"object\":\"error\",\"message\":\"The model `nope` does not exist.\",\"type\":\"NotFoundError\","
                        + "\"param\":null,\"code\":404}")));

        try (OpenAiCompatibleProvider vllm = vllm()) {
            StepVerifier.create(vllm.generate(LlmRequest.of("hi")))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ModelNotFound.class))
                    .verify(Duration.ofSeconds(5));
        }
    }

    @Test
    void groqRateLimitUsesTheExhaustedCounterReset() {
        server.stubFor(post(PATH).willReturn(aResponse().withStatus(429)
                .withHeader("x-ratelimit-remaining-tokens", "0").withHeader("x-ratelimit-reset-tokens", "7.66s")
                .withBody("{\"error\":{\"message\":\"Rate limit reached for model\",\"type\":\"tokens\","
                        + "\"code\":\"rate_limit_exceeded\"}}")));

        try (OpenAiCompatibleProvider groq = OpenAiCompatibleProvider.builder(CompatibleServer.GROQ).name("groq")
                .apiKey("gsk_test").model("llama-3.1-8b-instant").baseUrl(SharedWireMock.baseUrl() + "/v1").build()) {
            StepVerifier.create(groq.generate(LlmRequest.of("hi")))
                    .expectErrorSatisfies(e -> assertThat(((RateLimited) e).retryAfter()).contains(Duration.ofMillis(7660)))
                    .verify(Duration.ofSeconds(5));
        }
    }

    @ParameterizedTest
    @EnumSource(CompatibleServer.class)
    void presetsDeclareEndpointAndKeyNeeds(CompatibleServer server) {
        assertThat(server.defaultBaseUrl().isPresent()).isEqualTo(server != CompatibleServer.GENERIC);
        OpenAiCompatibleProvider.Builder builder = OpenAiCompatibleProvider.builder(server).name("p").model("m")
                .baseUrl("http://localhost:1/v1");
        if (server.requiresApiKey()) {
            assertThatThrownBy(builder::build).hasMessageContaining("call apiKey(")
                    .hasMessageContaining(server.displayName());
        } else {
            builder.build().close();
        }
    }

    @ParameterizedTest
    @EnumSource(CompatibleServer.class)
    void presetsDeclareTheirCapabilitiesAndTheBuilderReplacesThem(CompatibleServer server) {
        OpenAiCompatibleProvider.Builder builder = OpenAiCompatibleProvider.builder(server).name("p").model("m")
                .apiKey("k").baseUrl("http://localhost:1/v1");
        try (OpenAiCompatibleProvider preset = builder.build()) {
            assertThat(preset.info().capabilities()).isEqualTo(server.capabilities()).contains(Capability.TOOLS);
        }
        try (OpenAiCompatibleProvider declared = builder.capabilities(Capability.IMAGES).build()) {
            assertThat(declared.info().capabilities()).containsExactly(Capability.IMAGES);
        }
    }

    @Test
    void theHonestDefaultsOfThePresetsThatLackSomething() {
        assertThat(CompatibleServer.DEEPSEEK.capabilities()).doesNotContain(Capability.IMAGES,
                Capability.STRUCTURED_OUTPUT, Capability.REASONING);
        assertThat(CompatibleServer.MISTRAL.capabilities()).doesNotContain(Capability.REASONING);
        assertThat(CompatibleServer.OLLAMA.capabilities()).containsExactlyInAnyOrder(Capability.values());
    }

    /**
     * DeepSeek's thinking-mode tool loop: the reasoning of the answer that called the tool must go back with it on
     * the next turn, as {@code reasoning_content}, or DeepSeek refuses the turn.
     */
    @Test
    void deepSeekGetsItsReasoningBackInTheToolLoop() {
        server.stubFor(post(PATH).willReturn(okJson(Fixtures.text("wire/openai/deepseek-reasoning-tool-call.json"))));

        try (OpenAiCompatibleProvider deepSeek = OpenAiCompatibleProvider.builder(CompatibleServer.DEEPSEEK)
                .name("deepseek").apiKey("sk-ds").model("deepseek-reasoner")
                .baseUrl(SharedWireMock.baseUrl() + "/v1").build()) {
            LlmRequest ask = LlmRequest.builder().user("Weather in Oslo?")
                    .tool(Tool.of("get_weather", "", "{\"type\":\"object\"}")).build();
            LlmResponse calling = deepSeek.generate(ask).block();
            ToolCall call = calling.toolCalls().get(0);
            LlmRequest next = ask.toBuilder().message(calling.message())
                    .message(Message.toolResult(call.id(), "12C")).build();
            deepSeek.generate(next).block();
        }
        server.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson("""
                {"messages":[{"role":"user","content":"Weather in Oslo?"},
                  {"role":"assistant","content":null,
                   "reasoning_content":"The user wants the weather in Oslo. I should call get_weather.",
                   "tool_calls":[{"id":"call_00_aX9f","type":"function",
                     "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Oslo\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_00_aX9f","content":"12C"}]}""", true, true)));
    }

    @Test
    void tokenFieldCanBeOverridden() {
        server.stubFor(post(PATH).willReturn(okJson(Fixtures.text("openai/chat-completion.json"))));

        try (OpenAiCompatibleProvider together = OpenAiCompatibleProvider.builder(CompatibleServer.TOGETHER)
                .name("together").apiKey("tg-key").model("m").baseUrl(SharedWireMock.baseUrl() + "/v1")
                .tokenLimitField(TokenLimitField.MAX_COMPLETION_TOKENS).build()) {
            together.generate(LlmRequest.builder().user("hi").maxTokens(7).build()).block();
        }
        server.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_completion_tokens\":7}")));
    }

    private static OpenAiCompatibleProvider mistral() {
        return OpenAiCompatibleProvider.builder(CompatibleServer.MISTRAL).name("mistral").apiKey("mistral-key")
                .model("mistral-small-latest").baseUrl(SharedWireMock.baseUrl() + "/v1").build();
    }

    private static OpenAiCompatibleProvider openRouter() {
        return OpenAiCompatibleProvider.builder(CompatibleServer.OPENROUTER).name("openrouter").apiKey("sk-or-v1-abc")
                .model("openai/gpt-4o").baseUrl(SharedWireMock.baseUrl() + "/v1").build();
    }

    private static OpenAiCompatibleProvider vllm() {
        return OpenAiCompatibleProvider.builder(CompatibleServer.VLLM).name("vllm").model("meta-llama/Llama-3.1-8B")
                .baseUrl(SharedWireMock.baseUrl() + "/v1").build();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
