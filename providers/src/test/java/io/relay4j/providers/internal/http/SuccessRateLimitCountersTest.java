package io.relay4j.providers.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.error.RateLimitInfo;
import io.relay4j.core.spi.ProviderCallObserver;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.providers.anthropic.AnthropicProvider;
import io.relay4j.providers.openai.OpenAiProvider;
import io.relay4j.providers.testing.Fixtures;
import io.relay4j.providers.testing.SharedWireMock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/**
 * The rate-limit counters of a successful reply reach the router's observer of the call (issue 17: an adaptive
 * concurrency limit lowers itself before the vendor throttles), for whole answers and streams, and only when the
 * observer asks for them (parsing them costs every other call nothing).
 */
@ExtendWith({NettyLeakGuard.class, SharedWireMock.class})
class SuccessRateLimitCountersTest {

    private final WireMockServer server = SharedWireMock.server();

    /** Records the counters reported; whether it asks for them is set per test. */
    private static final class Recording implements ProviderCallObserver {
        final List<RateLimitInfo> reported = new CopyOnWriteArrayList<>();
        private final boolean wants;

        Recording(boolean wants) {
            this.wants = wants;
        }

        @Override
        public boolean wantsRateLimits() {
            return wants;
        }

        @Override
        public void rateLimitReported(RateLimitInfo counters) {
            reported.add(counters);
        }

        @Override
        public void malformedEventSkipped(String reason) {
        }

        Context context() {
            return Context.of(ProviderCallObserver.class, this);
        }
    }

    @Test
    void aWholeAnswersOpenAiCountersAreReported() {
        server.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-ratelimit-limit-requests", "60").withHeader("x-ratelimit-remaining-requests", "2")
                .withHeader("x-ratelimit-reset-requests", "1s")
                .withBody(Fixtures.text("openai/chat-completion.json"))));
        Recording observer = new Recording(true);
        try (OpenAiProvider provider = openAi()) {
            StepVerifier.create(provider.generate(LlmRequest.of("hi")).contextWrite(observer.context()))
                    .expectNextCount(1).verifyComplete();
        }

        assertThat(observer.reported).singleElement().satisfies(counters -> {
            assertThat(counters.limitRequests()).hasValue(60);
            assertThat(counters.remainingRequests()).hasValue(2);
            assertThat(counters.requestsReset()).contains(Duration.ofSeconds(1));
        });
    }

    @Test
    void aStreamsAnthropicCountersAreReportedAsItsHeadersArrive() {
        server.stubFor(post("/v1/messages").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream")
                .withHeader("anthropic-ratelimit-requests-limit", "1000")
                .withHeader("anthropic-ratelimit-requests-remaining", "999")
                .withHeader("anthropic-ratelimit-tokens-limit", "96000")
                .withHeader("anthropic-ratelimit-tokens-remaining", "1200")
                .withBody(Fixtures.text("anthropic/stream-text.sse"))));
        Recording observer = new Recording(true);
        try (AnthropicProvider provider = AnthropicProvider.builder().name("anthropic").apiKey("sk-ant-test")
                .model("claude-sonnet-4-5").baseUrl(SharedWireMock.baseUrl() + "/v1").build()) {
            StepVerifier.create(provider.stream(LlmRequest.of("hi")).contextWrite(observer.context()))
                    .thenConsumeWhile(chunk -> true).verifyComplete();
        }

        assertThat(observer.reported).singleElement().satisfies(counters -> {
            assertThat(counters.remainingRequests()).hasValue(999);
            assertThat(counters.remainingTokens()).hasValue(1200);
            assertThat(counters.limitTokens()).hasValue(96000);
        });
    }

    @Test
    void anObserverThatDoesNotAskGetsNothing() {
        server.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-ratelimit-limit-requests", "60").withHeader("x-ratelimit-remaining-requests", "2")
                .withBody(Fixtures.text("openai/chat-completion.json"))));
        Recording observer = new Recording(false);
        try (OpenAiProvider provider = openAi()) {
            StepVerifier.create(provider.generate(LlmRequest.of("hi")).contextWrite(observer.context()))
                    .expectNextCount(1).verifyComplete();
        }

        assertThat(observer.reported).isEmpty();
    }

    @Test
    void aReplyWithoutCountersReportsNothing() {
        server.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.text("openai/chat-completion.json"))));
        Recording observer = new Recording(true);
        try (OpenAiProvider provider = openAi()) {
            StepVerifier.create(provider.generate(LlmRequest.of("hi")).contextWrite(observer.context()))
                    .expectNextCount(1).verifyComplete();
        }

        assertThat(observer.reported).isEmpty();
    }

    private static OpenAiProvider openAi() {
        return OpenAiProvider.builder().name("openai").apiKey("sk-test-0123456789abcdef").model("gpt-4o-mini")
                .baseUrl(SharedWireMock.baseUrl() + "/v1").build();
    }
}
