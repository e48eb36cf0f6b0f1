package io.relay4j.core.internal.hedging;

import static io.relay4j.core.testing.ScriptedProvider.hang;
import static io.relay4j.core.testing.ScriptedProvider.streamOf;
import static io.relay4j.core.testing.ScriptedProvider.streamThenFail;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Attempt.Kind;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.error.ServerError;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class HedgedStreamRaceTest {

    private static final Duration DELAY = Duration.ofMillis(100);

    private final LlmRequest request = LlmRequest.of("hi");
    private final RaceRecorder recorder = new RaceRecorder();
    private final ScriptedProvider primary = ScriptedProvider.named("primary");
    private final ScriptedProvider backup = ScriptedProvider.named("backup");

    @Test
    void hedgeWithTheEarlierFirstTokenWinsAndStreamsToTheEnd() {
        primary.then(streamOf(Duration.ofMillis(500), "slow", "er"));
        backup.then(streamOf(Duration.ofMillis(10), "Hel", "lo"));

        StepVerifier.withVirtualTime(this::race)
                .expectSubscription()
                .thenAwait(Duration.ofMillis(110))
                .assertNext(chunk -> assertThat(chunk.text()).isEqualTo("Hel"))
                .then(() -> assertThat(primary.cancellations()).isEqualTo(1))
                .thenAwait(Duration.ofMillis(10))
                .assertNext(chunk -> assertThat(chunk.text()).isEqualTo("lo"))
                .assertNext(chunk -> assertThat(chunk.isLast()).isTrue())
                .verifyComplete();

        assertThat(recorder.summary()).containsExactly("primary:PRIMARY:CANCELLED", "backup:HEDGE:SUCCESS:won");
    }

    @Test
    void primaryWhoseFirstTokenComesFirstKeepsTheStreamEvenIfItIsSlowAfterwards() {
        primary.then(streamOf(Duration.ofMillis(150), "a", "b", "c"));
        backup.then(streamOf(Duration.ofMillis(100), "x", "y", "z"));

        StepVerifier.withVirtualTime(this::race)
                .expectSubscription()
                .thenAwait(Duration.ofMillis(150))
                .assertNext(chunk -> assertThat(chunk.text()).isEqualTo("a"))
                .thenAwait(Duration.ofMillis(300))
                .expectNextMatches(chunk -> chunk.text().equals("b"))
                .expectNextMatches(chunk -> chunk.text().equals("c"))
                .expectNextMatches(LlmChunk::isLast)
                .verifyComplete();

        assertThat(backup.cancellations()).isEqualTo(1);
    }

    @Test
    void hedgeFailingBeforeItsFirstTokenLeavesTheRaceToThePrimary() {
        primary.then(streamOf(Duration.ofMillis(400), "late"));
        backup.then(ScriptedProvider.failAfter(Duration.ofMillis(20), Errors.overloaded()));

        StepVerifier.withVirtualTime(this::race)
                .expectSubscription()
                .thenAwait(Duration.ofMillis(400))
                .expectNextMatches(chunk -> chunk.text().equals("late"))
                .expectNextMatches(LlmChunk::isLast)
                .verifyComplete();

        assertThat(recorder.summary()).containsExactly("backup:HEDGE:FAILED", "primary:PRIMARY:SUCCESS:won");
    }

    @Test
    void winnerFailingAfterItsFirstTokenFailsTheStream() {
        primary.then(hang());
        backup.then(streamThenFail(Duration.ofMillis(10), Errors.serverError(), "He", "l"));

        StepVerifier.withVirtualTime(this::race)
                .expectSubscription()
                .thenAwait(Duration.ofMillis(200))
                .expectNextMatches(chunk -> chunk.text().equals("He"))
                .expectNextMatches(chunk -> chunk.text().equals("l"))
                .expectError(ServerError.class)
                .verify();

        assertThat(recorder.summary()).containsExactly("primary:PRIMARY:CANCELLED", "backup:HEDGE:FAILED:won");
    }

    @Test
    void winnerIsAskedOnlyForWhatTheConsumerRequested() {
        AtomicBoolean overRequested = new AtomicBoolean();
        primary.then(hang());
        backup.then((p, r) -> Flux.range(1, 100).map(i -> LlmChunk.text("t" + i))
                .doOnRequest(n -> overRequested.compareAndSet(false, n > 2)));

        StepVerifier.withVirtualTime(this::race, 1)
                .expectSubscription()
                .thenAwait(DELAY)
                .expectNextMatches(chunk -> chunk.text().equals("t1"))
                .thenRequest(1)
                .expectNextMatches(chunk -> chunk.text().equals("t2"))
                .thenCancel()
                .verify();

        assertThat(overRequested).isFalse();
        assertThat(backup.cancellations()).isEqualTo(1);
    }

    private Flux<LlmChunk> race() {
        HedgeBudget budget = HedgedRaceTest.fundedBudget(1);
        return HedgedRace.firstToEmit(new HedgedRace.Lane<>("primary", Kind.PRIMARY, primary.stream(request)),
                () -> Optional.of(new HedgedRace.Lane<>("backup", Kind.HEDGE, backup.stream(request))),
                new HedgedRace.Plan(DELAY, 1, budget), recorder);
    }
}
