package io.relay4j.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Attempt;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.error.ServerError;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class LlmChunksTest {

    private static final LlmChunk LAST = LlmChunk.last("", FinishReason.STOP, Usage.of(12, 3), "gpt-4o-mini");

    @Test
    void textIsConcatenatedAndTheLastChunkGivesFinishUsageAndModel() {
        Flux<LlmChunk> chunks = Flux.just(LlmChunk.text(""), LlmChunk.text("Hel"), LlmChunk.text("lo"),
                LlmChunk.last("!", FinishReason.LENGTH, Usage.of(12, 3), "gpt-4o-mini-2024"));

        StepVerifier.create(LlmChunks.toResponse(chunks, "openai"))
                .assertNext(response -> {
                    assertThat(response.content()).isEqualTo("Hello!");
                    assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
                    assertThat(response.usage()).isEqualTo(Usage.of(12, 3));
                    assertThat(response.model()).isEqualTo("gpt-4o-mini-2024");
                    assertThat(response.provider()).isEqualTo("openai");
                    assertThat(response.attempts()).isEmpty();
                    assertThat(response.cost()).isEmpty();
                })
                .verifyComplete();
    }

    @Test
    void theRoutersLastChunkGivesServingProviderAttemptsAndCost() {
        Attempt served = Attempt.success("anthropic", Attempt.Kind.FALLBACK, Duration.ofMillis(800), Usage.of(12, 3));
        LlmChunk routed = LAST.withRouting("anthropic", List.of(served), Optional.of(new BigDecimal("0.0021")));

        StepVerifier.create(LlmChunks.toResponse(Flux.just(LlmChunk.text("Hi"), routed), "router"))
                .assertNext(response -> {
                    assertThat(response.provider()).isEqualTo("anthropic");
                    assertThat(response.attempts()).containsExactly(served);
                    assertThat(response.cost()).contains(new BigDecimal("0.0021"));
                })
                .verifyComplete();
    }

    @Test
    void latencyRunsFromSubscriptionToTheLastChunk() {
        StepVerifier.withVirtualTime(() -> LlmChunks.toResponse(
                        Flux.just(LlmChunk.text("a"), LAST).delayElements(Duration.ofMillis(1500)), "openai"))
                .thenAwait(Duration.ofSeconds(3))
                .assertNext(response -> assertThat(response.latency()).isEqualTo(Duration.ofSeconds(3)))
                .verifyComplete();
    }

    @Test
    void aStreamEndingWithoutItsLastChunkIsMalformedNotASilentPartialAnswer() {
        Flux<LlmChunk> truncated = Flux.just(LlmChunk.text("secret partial "), LlmChunk.text("answer"));

        StepVerifier.create(LlmChunks.toResponse(truncated, "gemini"))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(MalformedResponse.class)
                            .hasMessageContaining("without its last chunk")
                            .hasMessageNotContaining("secret");
                    assertThat(((MalformedResponse) error).provider()).isEqualTo("gemini");
                })
                .verify();
    }

    @Test
    void anEmptyStreamIsMalformed() {
        StepVerifier.create(LlmChunks.toResponse(Flux.empty(), "gemini"))
                .expectError(MalformedResponse.class)
                .verify();
    }

    @Test
    void aChunkAfterTheLastChunkIsMalformed() {
        StepVerifier.create(LlmChunks.toResponse(Flux.just(LAST, LlmChunk.text("more")), "openai"))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(MalformedResponse.class)
                        .hasMessageContaining("after its last chunk"))
                .verify();
    }

    @Test
    void aStreamErrorPassesThroughUnchanged() {
        ServerError failure = new ServerError("boom", ErrorDetails.of("openai").withStatus(500));

        StepVerifier.create(LlmChunks.toResponse(Flux.concat(Flux.just(LlmChunk.text("a")), Flux.error(failure)),
                        "openai"))
                .expectErrorSatisfies(error -> assertThat(error).isSameAs(failure))
                .verify();
    }

    @Test
    void eachSubscriptionFoldsItsOwnChunks() {
        var response = LlmChunks.toResponse(Flux.just(LlmChunk.text("a"), LAST), "openai");

        assertThat(response.map(LlmResponse::content).block()).isEqualTo("a");
        assertThat(response.map(LlmResponse::content).block()).isEqualTo("a");
    }
}
