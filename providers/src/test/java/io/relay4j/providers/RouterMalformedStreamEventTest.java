package io.relay4j.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.core.Attempt;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.providers.openai.OpenAiProvider;
import io.relay4j.providers.testing.SharedWireMock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/**
 * A broken JSON chunk inside an otherwise healthy OpenAI stream, through the router: a lenient provider skips
 * it and reports the skip to the router, which notes it on the attempt and counts it in
 * {@code relay4j.stream.malformed.events}; a strict provider fails the call with a malformed response.
 */
@ExtendWith({NettyLeakGuard.class, SharedWireMock.class})
class RouterMalformedStreamEventTest {

    private static final String STREAM = """
            data: {"choices":[{"delta":{"content":"secret"

            data: {"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}

            data: {"choices":[{"index":0,"delta":{"content":" there"},"finish_reason":null}]}

            data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

            data: [DONE]

            """;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void lenientProviderSkipsTheBrokenChunkAndTheRouterNotesAndCountsIt() {
        stubStream();
        try (OpenAiProvider openai = provider(false)) {
            LlmRouter router = LlmRouter.builder().provider(openai).meterRegistry(registry).build();

            List<LlmChunk> chunks = router.stream(LlmRequest.of("hi")).collectList().block(Duration.ofSeconds(10));

            assertThat(chunks).extracting(LlmChunk::text).containsExactly("Hi", " there", "");
            Attempt attempt = chunks.get(2).attempts().get(0);
            assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.SUCCESS);
            assertThat(attempt.detail()).contains("skipped 1 malformed event");
            Counter skipped = registry.get("relay4j.stream.malformed.events").tag("provider", "openai").counter();
            assertThat(skipped.count()).isEqualTo(1.0);
        }
    }

    @Test
    void strictProviderFailsTheCallWithAMalformedResponse() {
        stubStream();
        try (OpenAiProvider openai = provider(true)) {
            LlmRouter router = LlmRouter.builder().provider(openai).meterRegistry(registry).build();

            StepVerifier.create(router.stream(LlmRequest.of("hi")))
                    .expectErrorSatisfies(error -> {
                        assertThat(error).isInstanceOf(AllProvidersFailed.class).hasMessageNotContaining("secret");
                        Attempt attempt = ((AllProvidersFailed) error).attempts().get(0);
                        assertThat(attempt.errorType()).contains(ErrorType.MALFORMED_RESPONSE);
                        assertThat(attempt.error()).get().isInstanceOf(MalformedResponse.class);
                        assertThat(attempt.detail()).isEmpty();
                    })
                    .verify(Duration.ofSeconds(10));
            assertThat(registry.find("relay4j.stream.malformed.events").counter()).isNull();
        }
    }

    private static OpenAiProvider provider(boolean strict) {
        return OpenAiProvider.builder().name("openai").apiKey("sk-test-0123456789abcdef").model("gpt-4o-mini")
                .baseUrl(SharedWireMock.baseUrl() + "/v1").strictStreams(strict).build();
    }

    private static void stubStream() {
        SharedWireMock.server().stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(STREAM)));
    }
}
