package io.relay4j.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.Usage;
import io.relay4j.core.error.MalformedResponse;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class FinishGuardTest {

    @Test
    void aStreamCutBeforeItsLastChunkIsMalformed() {
        Flux<LlmChunk> truncated = Flux.just(LlmChunk.text("Hel"), LlmChunk.text("lo"));

        StepVerifier.create(FinishGuard.requireLastChunk(truncated, "cut").map(LlmChunk::text))
                .expectNext("Hel", "lo")
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(MalformedResponse.class);
                    assertThat(((MalformedResponse) e).provider()).isEqualTo("cut");
                })
                .verify();
    }

    @Test
    void aStreamWithItsLastChunkCompletes() {
        Flux<LlmChunk> whole = Flux.just(LlmChunk.text("Hi"), LlmChunk.last("", FinishReason.STOP, Usage.NONE, "m"));

        StepVerifier.create(FinishGuard.requireLastChunk(whole, "ok"))
                .expectNextCount(2)
                .verifyComplete();
    }
}
