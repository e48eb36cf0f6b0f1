package io.relay4j.providers.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.RateLimited;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.providers.testing.Fixtures;
import io.relay4j.providers.testing.SharedWireMock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/** Azure OpenAI: deployment URLs, the api-key header, content filtering and its rate-limit body. */
@ExtendWith({NettyLeakGuard.class, SharedWireMock.class})
class AzureOpenAiProviderTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final String CLASSIC_PATH = "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21";

    private final WireMockServer server = SharedWireMock.server();

    @Test
    void classicUrlUsesDeploymentApiVersionAndApiKeyHeader() {
        server.stubFor(post(urlEqualTo(CLASSIC_PATH)).willReturn(okJson(Fixtures.text("openai/chat-completion.json"))));

        try (AzureOpenAiProvider azure = classic()) {
            assertThat(azure.generate(LlmRequest.builder().user("hi").maxTokens(10).build()).block().content())
                    .isEqualTo("Hi.");
            assertThat(azure.info().vendor()).isEqualTo("azure.ai.openai");
            assertThat(azure.info().model()).isEqualTo("gpt4o-prod");
        }
        server.verify(1, postRequestedFor(urlEqualTo(CLASSIC_PATH))
                .withHeader("api-key", equalTo(KEY))
                .withHeader("Authorization", absent())
                .withRequestBody(equalToJson("{\"model\":\"gpt4o-prod\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"max_completion_tokens\":10}")));
    }

    @Test
    void v1UrlSendsTheDeploymentAsModel() {
        server.stubFor(post(urlPathEqualTo("/openai/v1/chat/completions"))
                .willReturn(okJson(Fixtures.text("openai/chat-completion.json"))));

        try (AzureOpenAiProvider azure = AzureOpenAiProvider.builder().name("azure-v1").apiKey(KEY)
                .endpoint(SharedWireMock.baseUrl()).deployment("gpt4o-prod").build()) {
            azure.generate(LlmRequest.of("hi")).block();
        }
        server.verify(1, postRequestedFor(urlEqualTo("/openai/v1/chat/completions"))
                .withHeader("api-key", equalTo(KEY))
                .withRequestBody(equalToJson("{\"model\":\"gpt4o-prod\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
    }

    @Test
    void filteredPromptIsContentFiltered() {
        server.stubFor(post(urlEqualTo(CLASSIC_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("apim-request-id", "az-req-1").withBody(Fixtures.text("azure/content-filter-400.json"))));

        try (AzureOpenAiProvider azure = classic()) {
            StepVerifier.create(azure.generate(LlmRequest.of("hi")))
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOf(ContentFiltered.class);
                        assertThat(((ContentFiltered) e).requestId()).contains("az-req-1");
                        assertThat(((ContentFiltered) e).details().vendorCode()).contains("content_filter");
                    })
                    .verify(Duration.ofSeconds(5));
        }
    }

    /** Issue 12 item 4: a completion filtered mid-stream used to end as a normal answer with CONTENT_FILTER. */
    @Test
    void filteredCompletionStreamSkipsAnnotationFramesAndEndsWithContentFiltered() {
        server.stubFor(post(urlEqualTo(CLASSIC_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(Fixtures.text("azure/stream-filtered.sse"))));

        try (AzureOpenAiProvider azure = classic()) {
            StepVerifier.create(azure.stream(LlmRequest.of("hi")))
                    .assertNext(c -> assertThat(c.text()).isEqualTo("Hello"))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ContentFiltered.class,
                            c -> assertThat(c.details().vendorCode()).contains("content_filter")))
                    .verify(Duration.ofSeconds(5));
        }
    }

    /** Issue 12 item 4: a whole answer Azure's filter cut used to reach the caller with CONTENT_FILTER. */
    @Test
    void filteredWholeAnswerIsContentFiltered() {
        server.stubFor(post(urlEqualTo(CLASSIC_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"chatcmpl-az\",\"object\":"
                        + "\"chat.completion\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"finish_reason\":"
                        + "\"content_filter\",\"message\":{\"role\":\"assistant\",\"content\":\"Partial\"},"
                        + "\"content_filter_results\":{\"violence\":{\"filtered\":true,\"severity\":\"high\"}}}],"
                        + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,\"total_tokens\":10}}")));

        try (AzureOpenAiProvider azure = classic()) {
            StepVerifier.create(azure.generate(LlmRequest.of("hi")))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(ContentFiltered.class,
                            c -> assertThat(c.details().vendorCode()).contains("content_filter")))
                    .verify(Duration.ofSeconds(5));
        }
    }

    @Test
    void rateLimitBodyWithStringCodeAndRetryHint() {
        server.stubFor(post(urlEqualTo(CLASSIC_PATH)).willReturn(aResponse().withStatus(429)
                .withBody(Fixtures.text("azure/rate-limit-429.json"))));

        try (AzureOpenAiProvider azure = classic()) {
            StepVerifier.create(azure.generate(LlmRequest.of("hi")))
                    .expectErrorSatisfies(e -> {
                        assertThat(e).isInstanceOfSatisfying(RateLimited.class,
                                r -> assertThat(r.quotaExhausted()).isFalse());
                        assertThat(((RateLimited) e).retryAfter()).contains(Duration.ofSeconds(86400));
                        assertThat(((RateLimited) e).details().vendorCode()).contains("429");
                    })
                    .verify(Duration.ofSeconds(5));
        }
    }

    @Test
    void missingEndpointOrDeploymentIsExplained() {
        assertThatThrownBy(() -> AzureOpenAiProvider.builder().name("a").apiKey(KEY).deployment("d").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("call endpoint(");
        assertThatThrownBy(() -> AzureOpenAiProvider.builder().name("a").apiKey(KEY).endpoint("https://r.openai.azure.com")
                .build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("call deployment(");
        assertThatThrownBy(() -> AzureOpenAiProvider.builder().deployment("gpt-4o/../../admin"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static AzureOpenAiProvider classic() {
        return AzureOpenAiProvider.builder().name("azure").apiKey(KEY).endpoint(SharedWireMock.baseUrl())
                .deployment("gpt4o-prod").apiVersion("2024-10-21").build();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
