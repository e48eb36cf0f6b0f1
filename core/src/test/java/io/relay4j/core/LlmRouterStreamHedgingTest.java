package io.relay4j.core;

import static io.relay4j.core.StreamTestKit.STEP;
import static io.relay4j.core.StreamTestKit.routerOf;
import static io.relay4j.core.StreamTestKit.streamToEnd;
import static io.relay4j.core.StreamTestKit.streamToError;
import static io.relay4j.core.StreamTestKit.summary;
import static io.relay4j.core.StreamTestKit.textOf;
import static io.relay4j.core.testing.ScriptedProvider.failAfter;
import static io.relay4j.core.testing.ScriptedProvider.hang;
import static io.relay4j.core.testing.ScriptedProvider.streamOf;
import static io.relay4j.core.testing.ScriptedProvider.streamThenFail;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.ServerError;
import io.relay4j.core.error.StreamInterrupted;
import io.relay4j.core.router.HedgingConfig;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** router.stream() with hedging on: the race is to the commit point, and the winner streams on alone. */
class LlmRouterStreamHedgingTest {

    /** Every request may hedge: the budget fills by one hedge per request. */
    private static final HedgingConfig HEDGE_AFTER_300MS =
            HedgingConfig.custom().fixedDelay(Duration.ofMillis(300)).budgetFraction(1.0).build();

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");
    private final RouterTestKit.Recorder events = new RouterTestKit.Recorder();

    private LlmRouter router(StreamConfig streaming) {
        return routerOf(streaming, events, a, b).hedging(HEDGE_AFTER_300MS).build();
    }

    @Test
    void hedgeReachingItsFirstTokenFirstWinsAndTheSlowPrimaryIsCancelled() {
        a.then(streamOf(Duration.ofSeconds(2), "slow a"));
        b.then(streamOf(STEP, "fast ", "b"));

        List<LlmChunk> chunks = streamToEnd(router(StreamConfig.ofDefaults()));

        assertThat(chunks).extracting(LlmChunk::text).containsExactly("fast ", "b", "");
        LlmChunk last = chunks.get(2);
        assertThat(last.provider()).contains("b");
        assertThat(summary(last.attempts())).containsExactly("a PRIMARY CANCELLED", "b HEDGE SUCCESS");
        assertThat(a.cancellations()).isEqualTo(1);
    }

    @Test
    void primaryCommittingBeforeTheHedgeDelayIsNeverHedged() {
        a.then(streamOf(Duration.ofMillis(250), "quick", " a"));

        List<LlmChunk> chunks = streamToEnd(router(StreamConfig.ofDefaults()));

        assertThat(textOf(chunks)).isEqualTo("quick a");
        assertThat(b.calls()).isZero();
    }

    @Test
    void theRaceIsToTheCommitPointNotToTheFirstByte() {
        // a's first token (350 ms) comes before b's (400 ms), but a passes the 10-character hold-back only at 700 ms
        a.then(streamOf(Duration.ofMillis(350), "Pod ", "affinity ", "lets"));
        b.then(streamOf(Duration.ofMillis(100), "Pod affinity", " pins pods."));

        List<LlmChunk> chunks = streamToEnd(router(StreamConfig.custom().holdBackChars(10).build()));

        assertThat(textOf(chunks)).isEqualTo("Pod affinity pins pods.");
        assertThat(chunks.get(chunks.size() - 1).provider()).contains("b");
        assertThat(a.cancellations()).isEqualTo(1);
    }

    @Test
    void failedHedgeLeavesThePrimaryToWin() {
        a.then(streamOf(Duration.ofMillis(800), "a wins"));
        b.then(failAfter(Duration.ofMillis(50), Errors.serverError()));

        List<LlmChunk> chunks = streamToEnd(router(StreamConfig.ofDefaults()));

        assertThat(textOf(chunks)).isEqualTo("a wins");
        assertThat(summary(chunks.get(chunks.size() - 1).attempts()))
                .containsExactly("b HEDGE FAILED SERVER_ERROR", "a PRIMARY SUCCESS");
    }

    @Test
    void winnerBreakingAfterItsCommitPointEndsInterruptedWithItsText() {
        a.then(hang());
        b.then(streamThenFail(STEP, Errors.serverError(), "Hel", "lo"));
        List<LlmChunk> received = new ArrayList<>();

        Throwable error = streamToError(router(StreamConfig.ofDefaults()), received);

        assertThat(textOf(received)).isEqualTo("Hello");
        assertThat(error).isInstanceOfSatisfying(StreamInterrupted.class, e -> {
            assertThat(e.partialText()).isEqualTo("Hello");
            assertThat(e.getCause()).isInstanceOf(ServerError.class);
            assertThat(e.provider()).isEqualTo("b");
        });
        assertThat(a.cancellations()).isEqualTo(1);
    }

    @Test
    void aHedgeWhoseCompleteToolCallComesFirstWinsAndNothingOfThePrimaryReachesTheConsumer() {
        ToolCall call = ToolCall.of("call_b", "search", "{\"q\":\"b\"}");
        // a thinks aloud and would call a tool late; b calls its tool before a commits
        a.then(ScriptedProvider.chunks(Duration.ofMillis(200), LlmChunk.reasoning("a thinks"),
                LlmChunk.reasoning(" long"), LlmChunk.reasoning(" and longer"),
                LlmChunk.toolCall(ToolCall.of("call_a", "search", "{\"q\":\"a\"}")),
                LlmChunk.last("", FinishReason.TOOL_CALLS, Usage.of(1, 1), "m")));
        // b's call is complete at 500 ms, its stream ends only at 2.5 s: the race is to the call, not the end
        b.then(ScriptedProvider.chunks(STEP, LlmChunk.reasoning("b thinks"), LlmChunk.toolCall(call)).andThen(
                ScriptedProvider.chunks(Duration.ofSeconds(2),
                        LlmChunk.last("", FinishReason.TOOL_CALLS, Usage.of(1, 1), "m"))));

        List<LlmChunk> chunks = streamToEnd(router(StreamConfig.ofDefaults()));

        assertThat(chunks).extracting(LlmChunk::reasoning).containsExactly("b thinks", "", "");
        assertThat(chunks).extracting(c -> c.toolCall().map(ToolCall::id).orElse("")).containsExactly("", "call_b", "");
        assertThat(summary(chunks.get(chunks.size() - 1).attempts()))
                .containsExactly("a PRIMARY CANCELLED", "b HEDGE SUCCESS");
        assertThat(a.cancellations()).isEqualTo(1);
    }

    @Test
    void reasoningDoesNotWinTheRace() {
        // a reasons from 100 ms but answers only at 900 ms; b, hedged at 300 ms, answers at 400 ms
        a.then(ScriptedProvider.chunks(STEP, LlmChunk.reasoning("a thinks"), LlmChunk.reasoning(" on")).andThen(
                ScriptedProvider.chunks(Duration.ofMillis(700), LlmChunk.text("late a"),
                        LlmChunk.last("", FinishReason.STOP, Usage.of(1, 1), "m"))));
        b.then(streamOf(STEP, "fast b"));

        List<LlmChunk> chunks = streamToEnd(router(StreamConfig.ofDefaults()));

        assertThat(textOf(chunks)).isEqualTo("fast b");
        assertThat(chunks).allSatisfy(c -> assertThat(c.reasoning()).isEmpty());
        assertThat(chunks.get(chunks.size() - 1).provider()).contains("b");
    }
}
