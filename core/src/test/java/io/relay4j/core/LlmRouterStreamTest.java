package io.relay4j.core;

import static io.relay4j.core.StreamTestKit.REQUEST;
import static io.relay4j.core.StreamTestKit.STEP;
import static io.relay4j.core.StreamTestKit.endless;
import static io.relay4j.core.StreamTestKit.routerOf;
import static io.relay4j.core.StreamTestKit.streamToEnd;
import static io.relay4j.core.StreamTestKit.streamToError;
import static io.relay4j.core.StreamTestKit.summary;
import static io.relay4j.core.StreamTestKit.textOf;
import static io.relay4j.core.StreamTestKit.textThenSilence;
import static io.relay4j.core.StreamTestKit.truncated;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static io.relay4j.core.testing.ScriptedProvider.hang;
import static io.relay4j.core.testing.ScriptedProvider.streamOf;
import static io.relay4j.core.testing.ScriptedProvider.streamThenFail;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.core.Attempt.Kind;
import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.error.ServerError;
import io.relay4j.core.error.StreamInterrupted;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.event.Operation;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** router.stream(): failover before the commit point, typed endings after it, the last chunk, cancel and backpressure. */
@BothRoutingPaths
class LlmRouterStreamTest extends RoutingPathScenario {

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");
    private final RouterTestKit.Recorder events = new RouterTestKit.Recorder();

    private LlmRouter router(StreamConfig streaming) {
        return routerOf(streaming, events, a, b).build();
    }

    @Test
    void healthyPrimaryStreamsAndItsLastChunkTellsAllAboutTheAnswer() {
        a.then(streamOf(STEP, "Hel", "lo"));

        StepVerifier.withVirtualTime(() -> router(StreamConfig.ofDefaults()).stream(REQUEST))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(99))
                .thenAwait(Duration.ofMillis(1))
                .assertNext(chunk -> assertThat(chunk.text()).isEqualTo("Hel"))
                .thenAwait(STEP)
                .assertNext(chunk -> assertThat(chunk.text()).isEqualTo("lo"))
                .assertNext(last -> {
                    assertThat(last.isLast()).isTrue();
                    assertThat(last.finishReason()).contains(FinishReason.STOP);
                    assertThat(last.usage()).contains(Usage.of(10, 2));
                    assertThat(last.model()).contains("scripted-model");
                    assertThat(last.provider()).contains("a");
                    assertThat(last.attempts()).singleElement().satisfies(attempt -> {
                        assertThat(attempt.kind()).isEqualTo(Kind.PRIMARY);
                        assertThat(attempt.outcome()).isEqualTo(Outcome.SUCCESS);
                        assertThat(attempt.usage()).isEqualTo(Usage.of(10, 2));
                    });
                })
                .verifyComplete();
        RouterEvent.AttemptFinished finished = events.of(RouterEvent.AttemptFinished.class).get(0);
        assertThat(finished.operation()).isEqualTo(Operation.STREAM);
        assertThat(finished.timeToFirstChunk()).contains(Duration.ofMillis(100));
        assertThat(finished.responseModel()).contains("scripted-model");
        RouterEvent.RequestFinished done = events.of(RouterEvent.RequestFinished.class).get(0);
        assertThat(done.servedBy()).contains("a");
        assertThat(done.errorType()).isEmpty();
        assertThat(done.total()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void theLastChunkCarriesTheAnswersCostWhereThePriceIsKnown() {
        a.then(streamOf(STEP, "Hel", "lo"));
        LlmRouter router = routerOf(StreamConfig.ofDefaults(), events, a, b)
                .pricing(AccountingTestKit.SCRIPTED_PRICES).build();

        List<LlmChunk> chunks = streamToEnd(router);

        // 10 input tokens at 2 USD and 2 output tokens at 10 USD per million
        LlmChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.cost()).get().satisfies(cost -> assertThat(cost).isEqualByComparingTo("0.00004"));
        assertThat(last.attempts().get(0).cost()).isEqualTo(last.cost());
    }

    @Test
    void streamsFeedTheGenAiTimeToFirstChunkMeter() {
        a.then(streamOf(Duration.ofMillis(300), "Hel", "lo", "!"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LlmRouter router = routerOf(StreamConfig.ofDefaults(), events, a, b).meterRegistry(registry).build();

        StepVerifier.withVirtualTime(() -> router.stream(REQUEST))
                .thenAwait(Duration.ofSeconds(1))
                .expectNextCount(4)
                .verifyComplete();

        Timer firstChunk = registry.find("gen_ai.client.operation.time_to_first_chunk").timer();
        assertThat(firstChunk).isNotNull();
        assertThat(firstChunk.count()).isEqualTo(1);
        assertThat(firstChunk.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(300.0);
    }

    @Test
    void bannedPrimaryFallsOverBeforeTheFirstTokenAndTheConsumerSeesOnlyTheSecondary() {
        a.then(fail(Errors.banned()));
        b.then(streamOf(STEP, "from ", "b"));

        List<LlmChunk> chunks = streamToEnd(router(StreamConfig.ofDefaults()));

        assertThat(textOf(chunks)).isEqualTo("from b");
        LlmChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.provider()).contains("b");
        assertThat(summary(last.attempts())).containsExactly("a PRIMARY FAILED POLICY_VIOLATION", "b FALLBACK SUCCESS");
        assertThat(events.of(RouterEvent.Fallback.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo("policy_violation"));
    }

    @Test
    void failureWithinTheHeldBackTextFallsOverInvisibly() {
        a.then(streamThenFail(STEP, Errors.malformed(), "Pod ", "affinity"));
        b.then(streamOf(STEP, "Pod affinity lets you", " co-locate pods."));

        List<LlmChunk> chunks = streamToEnd(router(StreamConfig.custom().holdBackChars(20).build()));

        assertThat(chunks).extracting(LlmChunk::text).containsExactly("Pod affinity lets you", " co-locate pods.", "");
        assertThat(summary(chunks.get(2).attempts()))
                .containsExactly("a PRIMARY FAILED MALFORMED_RESPONSE", "b FALLBACK SUCCESS");
    }

    @Test
    void failureWithinTheHeldBackTimeFallsOverInvisibly() {
        a.then(streamThenFail(STEP, Errors.malformed(), "Pod ", "affinity", " lets"));
        b.then(streamOf(STEP, "Pod affinity works."));

        List<LlmChunk> chunks = streamToEnd(router(StreamConfig.custom().holdBack(Duration.ofMillis(500)).build()));

        assertThat(chunks).extracting(LlmChunk::text).containsExactly("Pod affinity works.", "");
    }

    @Test
    void overloadedBeforeTheFirstTokenIsRetriedInPlaceOnce() {
        a.then(fail(Errors.overloaded())).then(streamOf(STEP, "second try"));

        List<LlmChunk> chunks = streamToEnd(router(StreamConfig.ofDefaults()));

        assertThat(textOf(chunks)).isEqualTo("second try");
        assertThat(summary(chunks.get(chunks.size() - 1).attempts()))
                .containsExactly("a PRIMARY FAILED OVERLOADED", "a RETRY SUCCESS");
        assertThat(b.calls()).isZero();
    }

    @Test
    void contentFilteredBeforeTheFirstTokenFailsFast() {
        a.then(fail(Errors.contentFiltered()));

        Throwable error = streamToError(router(StreamConfig.ofDefaults()), new ArrayList<>());

        assertThat(error).isInstanceOf(ContentFiltered.class);
        assertThat(b.calls()).isZero();
    }

    @Test
    void streamCutWithoutItsFinishSignAfterTheFirstTokenEndsInterruptedNeverSilently() {
        a.then(truncated(STEP, "Hel", "lo"));
        List<LlmChunk> received = new ArrayList<>();

        Throwable error = streamToError(router(StreamConfig.ofDefaults()), received);

        assertThat(textOf(received)).isEqualTo("Hello");
        assertThat(error).isInstanceOfSatisfying(StreamInterrupted.class, e -> {
            assertThat(e.partialText()).isEqualTo("Hello");
            assertThat(e.getCause()).isInstanceOf(MalformedResponse.class);
        });
        assertThat(b.calls()).isZero();
    }

    @Test
    void streamCutWithoutItsFinishSignWithinTheHoldBackFallsOver() {
        a.then(truncated(STEP, "Hel", "lo"));
        b.then(streamOf(STEP, "Hello there"));

        List<LlmChunk> chunks = streamToEnd(router(StreamConfig.custom().holdBackChars(10).build()));

        assertThat(textOf(chunks)).isEqualTo("Hello there");
        assertThat(summary(chunks.get(chunks.size() - 1).attempts()))
                .containsExactly("a PRIMARY FAILED MALFORMED_RESPONSE", "b FALLBACK SUCCESS");
    }

    @Test
    void silentPrimaryTimesOutAtTheFirstTokenDeadlineAndFallsOver() {
        a.then(hang());
        b.then(streamOf(STEP, "late but whole"));

        StepVerifier.withVirtualTime(() -> router(StreamConfig.ofDefaults()).stream(REQUEST))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(60_099))
                .thenAwait(Duration.ofMillis(1))
                .assertNext(chunk -> assertThat(chunk.text()).isEqualTo("late but whole"))
                .assertNext(last -> assertThat(last.attempts().get(0).error()).get()
                        .isInstanceOfSatisfying(Timeout.class,
                                t -> assertThat(t.kind()).isEqualTo(Timeout.Kind.FIRST_TOKEN)))
                .verifyComplete();
        assertThat(a.cancellations()).isEqualTo(1);
    }

    @Test
    void streamStallingWithinTheHoldBackTimesOutIdleAndFallsOver() {
        a.then(textThenSilence(STEP, "Hel"));
        b.then(streamOf(STEP, "Hello"));

        List<LlmChunk> chunks = streamToEnd(router(StreamConfig.custom().holdBackChars(100).build()));

        assertThat(chunks).extracting(LlmChunk::text).containsExactly("Hello", "");
        Attempt stalled = chunks.get(1).attempts().get(0);
        assertThat(stalled.error()).get().isInstanceOfSatisfying(Timeout.class,
                t -> assertThat(t.kind()).isEqualTo(Timeout.Kind.IDLE));
        assertThat(a.cancellations()).isEqualTo(1);
    }

    @Test
    void streamPastItsAttemptDeadlineWithinTheHoldBackFallsOver() {
        String[] pieces = new String[100];
        Arrays.fill(pieces, "x");
        a.then(streamOf(Duration.ofSeconds(10), pieces));
        b.then(streamOf(STEP, "done"));
        LlmRouter router = RouterTestKit.routerOf().streaming(StreamConfig.custom().holdBackChars(1_000).build())
                .provider(a, ProviderOptions.custom().attemptTimeout(Duration.ofSeconds(30)).build())
                .provider(b).logging(false).listener(events).build();

        StepVerifier.withVirtualTime(() -> router.stream(REQUEST))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(30_099))
                .thenAwait(Duration.ofMillis(1))
                .assertNext(chunk -> assertThat(chunk.text()).isEqualTo("done"))
                .assertNext(last -> assertThat(last.attempts().get(0).error()).get()
                        .isInstanceOfSatisfying(Timeout.class, t -> assertThat(t.kind()).isEqualTo(Timeout.Kind.ATTEMPT)))
                .verifyComplete();
    }

    @Test
    void stallAfterTheCommitPointEndsInterruptedWithThePartialText() {
        a.then(textThenSilence(STEP, "Hel"));
        List<LlmChunk> received = new ArrayList<>();

        Throwable error = streamToError(router(StreamConfig.ofDefaults()), received);

        assertThat(textOf(received)).isEqualTo("Hel");
        assertThat(error).isInstanceOfSatisfying(StreamInterrupted.class, e -> {
            assertThat(e.partialText()).isEqualTo("Hel");
            assertThat(e.getCause()).isInstanceOfSatisfying(Timeout.class,
                    t -> assertThat(t.kind()).isEqualTo(Timeout.Kind.IDLE));
        });
        assertThat(b.calls()).isZero();
    }

    @Test
    void midStreamFailureByDefaultEndsWithTheTextSoFarAndCountsAgainstTheProvider() {
        a.then(streamThenFail(STEP, Errors.serverError(), "Hel", "lo"));
        LlmRouter router = router(StreamConfig.ofDefaults());

        StepVerifier.withVirtualTime(() -> router.stream(REQUEST))
                .thenAwait(Duration.ofMillis(200))
                .assertNext(chunk -> assertThat(chunk.text()).isEqualTo("Hel"))
                .assertNext(chunk -> assertThat(chunk.text()).isEqualTo("lo"))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOfSatisfying(StreamInterrupted.class, interrupted -> {
                        assertThat(interrupted.partialText()).isEqualTo("Hello");
                        assertThat(interrupted.getCause()).isInstanceOf(ServerError.class);
                        assertThat(interrupted.provider()).isEqualTo("a");
                        assertThat(interrupted.getMessage()).doesNotContain("Hello").doesNotContain("secret prompt");
                    });
                    assertThat(router.health("a").state()).as("one server error is noise")
                            .isEqualTo(HealthState.HEALTHY);
                    assertThat(router.health("a").consecutiveFailures()).isEqualTo(1);
                    assertThat(router.health("a").lastError()).contains(ErrorType.SERVER_ERROR);
                })
                .verify();
        assertThat(a.calls()).as("a broken stream is never retried in place").isEqualTo(1);
        assertThat(b.calls()).isZero();
        RouterEvent.AttemptFinished broken = events.of(RouterEvent.AttemptFinished.class).get(0);
        assertThat(broken.attempt().errorType()).contains(ErrorType.SERVER_ERROR);
        assertThat(broken.timeToFirstChunk()).contains(Duration.ofMillis(100));
        RouterEvent.RequestFinished done = events.of(RouterEvent.RequestFinished.class).get(0);
        assertThat(done.errorType()).contains(ErrorType.STREAM_INTERRUPTED);
        assertThat(done.servedBy()).isEmpty();
    }

    @Test
    void cancellingTheSubscriptionCancelsTheProvidersStream() {
        a.then(streamOf(STEP, "one", "two", "three"));

        StepVerifier.withVirtualTime(() -> router(StreamConfig.ofDefaults()).stream(REQUEST))
                .thenAwait(STEP)
                .assertNext(chunk -> assertThat(chunk.text()).isEqualTo("one"))
                .thenCancel()
                .verify();

        assertThat(a.cancellations()).isEqualTo(1);
        assertThat(a.inFlight()).isZero();
        assertThat(events.of(RouterEvent.AttemptFinished.class)).singleElement()
                .satisfies(f -> assertThat(f.attempt().outcome()).isEqualTo(Outcome.CANCELLED));
        assertThat(events.of(RouterEvent.RequestFinished.class)).singleElement()
                .satisfies(f -> assertThat(f.errorType()).isEmpty());
    }

    @Test
    void slowConsumerMakesTheRouterAskTheProviderForNoMoreThanItTakes() {
        AtomicLong asked = new AtomicLong();
        a.then(endless(asked));

        StepVerifier.withVirtualTime(() -> router(StreamConfig.ofDefaults()).stream(REQUEST), 0)
                .expectSubscription()
                .then(() -> assertThat(asked.get()).as("the first token, to reach the commit point").isEqualTo(1))
                .thenRequest(1)
                .expectNextCount(1)
                .then(() -> assertThat(asked.get()).isEqualTo(1))
                .thenRequest(1)
                .expectNextCount(1)
                .thenRequest(10)
                .expectNextCount(10)
                .then(() -> assertThat(asked.get()).isEqualTo(12))
                .thenAwait(Duration.ofMinutes(5))
                .expectNoEvent(Duration.ofSeconds(1))
                .thenCancel()
                .verify();
        assertThat(a.cancellations()).isEqualTo(1);
    }

    @Test
    void aStreamHoldsItsProvidersConcurrencyPermitUntilItEnds() {
        a.then(streamOf(STEP, "first ", "stream"));
        b.then(streamOf(STEP, "second stream"));
        LlmRouter router = RouterTestKit.routerOf().provider(a, ProviderOptions.custom().concurrencyLimit(1).build())
                .provider(b).logging(false).listener(events).build();
        List<String> seen = new ArrayList<>();

        StepVerifier.withVirtualTime(() -> Flux.merge(
                        router.stream(REQUEST).map(c -> "1:" + c.text() + c.provider().map(p -> "@" + p).orElse("")),
                        router.stream(REQUEST).map(c -> "2:" + c.text() + c.provider().map(p -> "@" + p).orElse(""))))
                .thenAwait(Duration.ofSeconds(1))
                .thenConsumeWhile(x -> true, seen::add)
                .verifyComplete();

        assertThat(seen).containsExactlyInAnyOrder("1:first ", "1:stream", "1:@a", "2:second stream", "2:@b");
        assertThat(a.inFlight()).isZero();
        List<LlmChunk> third = streamToEnd(router);
        assertThat(third.get(third.size() - 1).provider()).as("the permit came back").contains("a");
    }

    @Test
    void attemptsWithoutAnswerAreSummarisedWhenEveryProviderFailsBeforeTheCommitPoint() {
        a.then(fail(Errors.banned()));
        b.then(fail(Errors.unauthorized()));

        Throwable error = streamToError(router(StreamConfig.ofDefaults()), new ArrayList<>());

        assertThat(error).isInstanceOfSatisfying(AllProvidersFailed.class, e -> assertThat(e.attempts()).hasSize(2));
        assertThat(events.of(RouterEvent.RequestFinished.class)).singleElement()
                .satisfies(f -> assertThat(f.errorType()).contains(ErrorType.ALL_PROVIDERS_FAILED));
        assertThat(events.of(RouterEvent.AttemptFinished.class).get(0).timeToFirstChunk())
                .as("no text, no time to first chunk").isEmpty();
    }
}
