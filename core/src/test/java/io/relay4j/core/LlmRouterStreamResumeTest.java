package io.relay4j.core;

import static io.relay4j.core.StreamTestKit.REQUEST;
import static io.relay4j.core.StreamTestKit.STEP;
import static io.relay4j.core.StreamTestKit.routerOf;
import static io.relay4j.core.StreamTestKit.textOf;
import static io.relay4j.core.StreamTestKit.withPrefill;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static io.relay4j.core.testing.ScriptedProvider.streamOf;
import static io.relay4j.core.testing.ScriptedProvider.streamThenFail;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.core.error.Overloaded;
import io.relay4j.core.error.ServerError;
import io.relay4j.core.error.StreamInterrupted;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.internal.stream.ContinuationRequest;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** router.stream() with resume on: a stream broken after its commit point continues on the next provider. */
@BothRoutingPaths
class LlmRouterStreamResumeTest extends RoutingPathScenario {

    private static final StreamConfig RESUME = StreamConfig.custom().resume(true).build();

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final RouterTestKit.Recorder events = new RouterTestKit.Recorder();
    private final List<LlmChunk> received = new ArrayList<>();

    private List<LlmChunk> streamToEnd(LlmRouter router) {
        return StreamTestKit.streamToEnd(router);
    }

    private Throwable streamToError(LlmRouter router) {
        return StreamTestKit.streamToError(router, received);
    }

    private static List<String> kinds(LlmChunk last) {
        List<String> rows = new ArrayList<>();
        last.attempts().forEach(x -> rows.add(x.provider() + " " + x.kind() + " " + x.outcome()));
        return rows;
    }

    private void breaksAfter(String... pieces) {
        a.then(streamThenFail(STEP, Errors.serverError(), pieces));
    }

    @Test
    void prefillTargetContinuesTheAnswerAsOneSeamlessText() {
        breaksAfter("Pod affinity", " lets");
        ScriptedProvider b = withPrefill("b").then(streamOf(STEP, " you co-locate", " pods."));

        List<LlmChunk> chunks = streamToEnd(routerOf(RESUME, events, a, b).build());

        assertThat(chunks).extracting(LlmChunk::text)
                .containsExactly("Pod affinity", " lets", " you co-locate", " pods.", "");
        assertThat(textOf(chunks)).isEqualTo("Pod affinity lets you co-locate pods.");
        assertThat(b.requests()).singleElement()
                .satisfies(r -> assertThat(r.lastMessage()).isEqualTo(Message.assistant("Pod affinity lets")));
        LlmChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.provider()).contains("b");
        assertThat(last.usage()).contains(Usage.of(10, 2));
        assertThat(kinds(last)).containsExactly("a PRIMARY FAILED", "b RESUME SUCCESS");
        assertThat(events.of(RouterEvent.Fallback.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo("server_error"));
    }

    @Test
    void targetWithoutPrefillIsInstructedAndItsRepeatOfThePartialAnswerIsDropped() {
        breaksAfter("Pod affinity", " lets");
        ScriptedProvider b = ScriptedProvider.named("b")
                .then(streamOf(STEP, "Pod affinity", " lets you", " co-locate pods."));

        List<LlmChunk> chunks = streamToEnd(routerOf(RESUME, events, a, b).build());

        assertThat(chunks).extracting(LlmChunk::text)
                .containsExactly("Pod affinity", " lets", " you", " co-locate pods.", "");
        LlmRequest continuation = b.requests().get(0);
        assertThat(continuation.messages()).hasSize(2);
        assertThat(continuation.lastMessage().role()).isEqualTo(Role.USER);
        assertThat(continuation.lastMessage().content())
                .isEqualTo(ContinuationRequest.INSTRUCTION_HEAD + "Pod affinity lets" + ContinuationRequest.INSTRUCTION_TAIL);
    }

    @Test
    void continuationRejectedByOneProviderFallsOverToTheNext() {
        breaksAfter("Pod affinity", " lets");
        ScriptedProvider b = withPrefill("b").then(fail(Errors.invalidRequest()));
        ScriptedProvider c = withPrefill("c").then(streamOf(STEP, " you co-locate pods."));

        List<LlmChunk> chunks = streamToEnd(routerOf(RESUME, events, a, b, c).build());

        assertThat(textOf(chunks)).isEqualTo("Pod affinity lets you co-locate pods.");
        assertThat(kinds(chunks.get(chunks.size() - 1)))
                .containsExactly("a PRIMARY FAILED", "b RESUME FAILED", "c RESUME SUCCESS");
    }

    @Test
    void continuationRejectedWithNoProviderLeftEndsWithThePartialTextAndTheOriginalCause() {
        breaksAfter("Pod affinity", " lets");
        ScriptedProvider b = withPrefill("b").then(fail(Errors.invalidRequest()));

        Throwable error = streamToError(routerOf(RESUME, events, a, b).build());

        assertThat(textOf(received)).isEqualTo("Pod affinity lets");
        assertThat(error).isInstanceOfSatisfying(StreamInterrupted.class, e -> {
            assertThat(e.partialText()).isEqualTo("Pod affinity lets");
            assertThat(e.getCause()).isInstanceOf(ServerError.class);
            assertThat(e.getSuppressed()).singleElement().isInstanceOf(InvalidRequest.class);
        });
    }

    @Test
    void continuationBreakingAfterAddingTextIsContinuedAgainFromTheLongerAnswer() {
        breaksAfter("Pod affinity");
        ScriptedProvider b = withPrefill("b").then(streamThenFail(STEP, Errors.overloaded(), " lets"));
        ScriptedProvider c = withPrefill("c").then(streamOf(STEP, " you co-locate pods."));

        List<LlmChunk> chunks = streamToEnd(routerOf(RESUME, events, a, b, c).build());

        assertThat(textOf(chunks)).isEqualTo("Pod affinity lets you co-locate pods.");
        assertThat(c.requests().get(0).lastMessage()).isEqualTo(Message.assistant("Pod affinity lets"));
        assertThat(kinds(chunks.get(chunks.size() - 1)))
                .containsExactly("a PRIMARY FAILED", "b RESUME FAILED", "c RESUME SUCCESS");
    }

    @Test
    void continuationBreakingWithNoProviderLeftEndsWithAllTheTextAndTheLatestBreak() {
        breaksAfter("Pod affinity");
        ScriptedProvider b = withPrefill("b").then(streamThenFail(STEP, Errors.overloaded(), " lets"));

        Throwable error = streamToError(routerOf(RESUME, events, a, b).build());

        assertThat(textOf(received)).isEqualTo("Pod affinity lets");
        assertThat(error).isInstanceOfSatisfying(StreamInterrupted.class, e -> {
            assertThat(e.partialText()).isEqualTo("Pod affinity lets");
            assertThat(e.getCause()).isInstanceOf(Overloaded.class);
            assertThat(e.getSuppressed()).singleElement().isInstanceOf(ServerError.class);
        });
    }

    @Test
    void errorWhosePolicyFailsFastIsNotResumedElsewhere() {
        a.then(streamThenFail(STEP, Errors.contentFiltered(), "Pod affinity"));
        ScriptedProvider b = withPrefill("b");

        Throwable error = streamToError(routerOf(RESUME, events, a, b).build());

        assertThat(error).isInstanceOfSatisfying(StreamInterrupted.class,
                e -> assertThat(e.getCause()).isInstanceOf(ContentFiltered.class));
        assertThat(b.calls()).isZero();
    }

    @Test
    void resumeCountsAgainstTheAttemptBudget() {
        breaksAfter("Pod affinity");
        ScriptedProvider b = withPrefill("b");

        Throwable error = streamToError(routerOf(RESUME, events, a, b).maxAttemptsPerRequest(1).build());

        assertThat(error).isInstanceOfSatisfying(StreamInterrupted.class,
                e -> assertThat(e.partialText()).isEqualTo("Pod affinity"));
        assertThat(b.calls()).isZero();
    }
}
