package io.relay4j.core.internal.stream;

import static io.relay4j.core.testing.ScriptedProvider.hang;
import static io.relay4j.core.testing.ScriptedProvider.streamOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class AttemptTimeoutsTest {

    private static final LlmRequest REQUEST = LlmRequest.of("hi");
    private static final StreamConfig.Timeouts DEFAULTS = StreamConfig.Timeouts.DEFAULT;

    private static Flux<String> timed(ScriptedProvider provider, StreamConfig.Timeouts timeouts) {
        return AttemptTimeouts.apply(provider.stream(REQUEST), provider.name(), timeouts).map(LlmChunk::text);
    }

    private static ScriptedProvider.Step textThenSilence(Duration after, String text) {
        return (p, r) -> Mono.delay(after).thenReturn(LlmChunk.text(text)).concatWith(Flux.never());
    }

    private static void assertTimeout(Throwable e, Timeout.Kind kind, String provider) {
        assertThat(e).isInstanceOf(Timeout.class);
        Timeout timeout = (Timeout) e;
        assertThat(timeout.kind()).isEqualTo(kind);
        assertThat(timeout.provider()).isEqualTo(provider);
    }

    @Test
    void silentProviderTimesOutAtTheFirstTokenDeadlineAndIsCancelled() {
        ScriptedProvider silent = ScriptedProvider.named("silent").then(hang());

        StepVerifier.withVirtualTime(() -> timed(silent, DEFAULTS))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(14_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(e -> assertTimeout(e, Timeout.Kind.FIRST_TOKEN, "silent"))
                .verify();
        assertThat(silent.cancellations()).isEqualTo(1);
    }

    @Test
    void anEmptyChunkIsNoFirstToken() {
        ScriptedProvider rolesOnly = ScriptedProvider.named("roles")
                .then((p, r) -> Flux.just(LlmChunk.text("")).concatWith(Flux.never()));

        StepVerifier.withVirtualTime(() -> timed(rolesOnly, DEFAULTS))
                .expectNext("")
                .thenAwait(Duration.ofSeconds(15))
                .expectErrorSatisfies(e -> assertTimeout(e, Timeout.Kind.FIRST_TOKEN, "roles"))
                .verify();
    }

    @Test
    void streamStallingAfterItsFirstTokenTimesOutIdle() {
        ScriptedProvider stalling = ScriptedProvider.named("stalling").then(textThenSilence(Duration.ofSeconds(1), "Hel"));

        StepVerifier.withVirtualTime(() -> timed(stalling, DEFAULTS))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(1))
                .expectNext("Hel")
                .expectNoEvent(Duration.ofMillis(14_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(e -> assertTimeout(e, Timeout.Kind.IDLE, "stalling"))
                .verify();
        assertThat(stalling.cancellations()).isEqualTo(1);
    }

    @Test
    void chunksArrivingWithinTheIdleDeadlineKeepTheStreamAlive() {
        ScriptedProvider steady = ScriptedProvider.named("steady").then(streamOf(Duration.ofSeconds(10), "a", "b", "c"));

        StepVerifier.withVirtualTime(() -> timed(steady, DEFAULTS))
                .thenAwait(Duration.ofSeconds(30))
                .expectNext("a", "b", "c", "")
                .verifyComplete();
    }

    @Test
    void theIdleDeadlineCountsFromTheLastChunkNotFromTheFirstEvenWhenChunksOutliveTheFirstTimer() {
        // idle 15 s; chunks at 1, 11, 21 s then silence: the idle timer armed at 1 s finds the stream active at
        // 16 s and again at 26 s, and the deadline is 15 s after the last chunk, to the millisecond
        ScriptedProvider slowThenStalls = ScriptedProvider.named("slow").then((p, r) ->
                Flux.concat(Mono.delay(Duration.ofSeconds(1)).thenReturn(LlmChunk.text("a")),
                        Mono.delay(Duration.ofSeconds(10)).thenReturn(LlmChunk.text("b")),
                        Mono.delay(Duration.ofSeconds(10)).thenReturn(LlmChunk.text("c")), Flux.never()));

        StepVerifier.withVirtualTime(() -> timed(slowThenStalls, DEFAULTS))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(21))
                .expectNext("a", "b", "c")
                .expectNoEvent(Duration.ofMillis(14_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(e -> assertTimeout(e, Timeout.Kind.IDLE, "slow"))
                .verify();
        assertThat(slowThenStalls.cancellations()).isEqualTo(1);
    }

    @Test
    void aConsumerThatAsksForNothingIsNeverIdleAndAskingAgainRestartsTheCount() {
        ScriptedProvider eager = ScriptedProvider.named("eager").then((p, r) ->
                Flux.just(LlmChunk.text("a"), LlmChunk.text("b")).concatWith(Flux.never()));

        StepVerifier.withVirtualTime(() -> timed(eager, DEFAULTS), 1)
                .expectNext("a")
                .expectNoEvent(Duration.ofSeconds(60))
                .thenRequest(1)
                .expectNext("b")
                .thenRequest(1)
                .expectNoEvent(Duration.ofMillis(14_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(e -> assertTimeout(e, Timeout.Kind.IDLE, "eager"))
                .verify();
    }

    @Test
    void longStreamIsCutAtTheTotalDeadline() {
        String[] pieces = new String[100];
        java.util.Arrays.fill(pieces, "x");
        ScriptedProvider endless = ScriptedProvider.named("endless").then(streamOf(Duration.ofSeconds(10), pieces));

        StepVerifier.withVirtualTime(() -> timed(endless, DEFAULTS.withTotal(Duration.ofSeconds(55))))
                .thenAwait(Duration.ofSeconds(55))
                .expectNextCount(5)
                .expectErrorSatisfies(e -> assertTimeout(e, Timeout.Kind.TOTAL, "endless"))
                .verify();
        assertThat(endless.cancellations()).isEqualTo(1);
    }

    @Test
    void aConsumerThatAsksForNothingDoesNotMakeTheProviderLookIdle() {
        ScriptedProvider ready = ScriptedProvider.named("ready")
                .then((p, r) -> Flux.just(LlmChunk.text("a"), LlmChunk.text("b")));

        StepVerifier.withVirtualTime(() -> timed(ready, DEFAULTS), 0)
                .thenRequest(1)
                .expectNext("a")
                .expectNoEvent(Duration.ofMinutes(1))
                .thenRequest(1)
                .expectNext("b")
                .verifyComplete();
    }

    @Test
    void perProviderTimeoutsReplaceTheSharedOnes() {
        StreamConfig config = StreamConfig.builder()
                .perProvider("impatient", StreamConfig.Timeouts.of(Duration.ofSeconds(2), Duration.ofSeconds(2),
                        Duration.ofSeconds(30)))
                .build();
        ScriptedProvider impatient = ScriptedProvider.named("impatient").then(hang());

        StepVerifier.withVirtualTime(() -> timed(impatient, config.timeoutsFor("impatient")))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(1_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(e -> assertTimeout(e, Timeout.Kind.FIRST_TOKEN, "impatient"))
                .verify();
    }

    @Test
    void aFinishedStreamLeavesNoTimerBehind() {
        ScriptedProvider quick = ScriptedProvider.named("quick").then(streamOf(Duration.ofMillis(10), "a"));

        StepVerifier.withVirtualTime(() -> timed(quick, DEFAULTS))
                .thenAwait(Duration.ofMillis(10))
                .expectNext("a", "")
                .verifyComplete();
        assertThat(quick.cancellations()).isZero();
    }

    @Test
    void theConsumersContextReachesTheProvidersStream() {
        Flux<LlmChunk> readsContext = Flux.deferContextual(context -> Flux.just(LlmChunk.text(context.get("trace"))));

        StepVerifier.create(AttemptTimeouts.apply(readsContext, "p", DEFAULTS).map(LlmChunk::text)
                        .contextWrite(context -> context.put("trace", "t-1")))
                .expectNext("t-1")
                .verifyComplete();
    }
}
