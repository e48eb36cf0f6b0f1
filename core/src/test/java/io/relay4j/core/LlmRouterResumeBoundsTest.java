package io.relay4j.core;

import static io.relay4j.core.StreamTestKit.STEP;
import static io.relay4j.core.StreamTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.streamOf;
import static io.relay4j.core.testing.ScriptedProvider.streamThenFail;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.StreamInterrupted;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Issue 12 items 8 and 9: a resumed stream asks for what is left of {@code maxTokens}, is checked against the
 * target's context window as the continuation it is, and keeps delivered text only up to
 * {@link StreamConfig#maxPartialChars()}.
 */
class LlmRouterResumeBoundsTest extends VirtualTimeScenario {

    private static final String PARTIAL = "x".repeat(400);
    private static final LlmRequest REQUEST = LlmRequest.builder().user("hi").maxTokens(200).build();

    private final ScriptedProvider a = ScriptedProvider.named("a")
            .then(streamThenFail(STEP, Errors.serverError(), PARTIAL));
    private final RouterTestKit.Recorder events = new RouterTestKit.Recorder();

    private static ScriptedProvider withWindow(String name, int tokens) {
        return ScriptedProvider.named(name, ProviderInfo.builder().vendor("scripted").model("scripted-model")
                .contextWindowTokens(tokens).build());
    }

    @Test
    void aContinuationAsksForWhatIsLeftOfMaxTokens() {
        ScriptedProvider b = ScriptedProvider.named("b").then(streamOf(STEP, " done"));
        LlmRouter router = routerOf(StreamConfig.custom().resume(true).build(), events, a, b).build();

        StepVerifier.create(router.stream(REQUEST).map(LlmChunk::text))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(1)))
                .expectNext(PARTIAL, " done", "")
                .verifyComplete();
        assertThat(b.requests()).singleElement()
                .satisfies(r -> assertThat(r.maxTokens()).as("200 less 400 characters / 4").hasValue(100));
    }

    /** The original request (2 + 200 tokens) fits b's window; its continuation (about 208 + 100) does not. */
    @Test
    void aContinuationIsCheckedAgainstTheTargetsContextWindow() {
        ScriptedProvider b = withWindow("b", 250).then(streamOf(STEP, " from b"));
        ScriptedProvider c = ScriptedProvider.named("c").then(streamOf(STEP, " from c"));
        LlmRouter router = routerOf(StreamConfig.custom().resume(true).build(), events, a, b, c).build();

        StepVerifier.create(router.stream(REQUEST).map(LlmChunk::text))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(1)))
                .expectNext(PARTIAL, " from c", "")
                .verifyComplete();
        assertThat(b.calls()).isZero();
    }

    @Test
    void pastTheCapAStreamIsNotResumedAndReportsTheKeptBeginningAndTheFullCount() {
        ScriptedProvider b = ScriptedProvider.named("b").then(streamOf(STEP, " done"));
        LlmRouter router = routerOf(StreamConfig.custom().resume(true).maxPartialChars(100).build(), events, a, b)
                .build();

        StepVerifier.create(router.stream(REQUEST).map(LlmChunk::text))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(1)))
                .expectNext(PARTIAL)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(StreamInterrupted.class, broken -> {
                    assertThat(broken.partialText()).isEqualTo(PARTIAL.substring(0, 100));
                    assertThat(broken.deliveredChars()).isEqualTo(400);
                    assertThat(broken.partialTextComplete()).isFalse();
                }))
                .verify();
        assertThat(b.calls()).isZero();
    }

    @Test
    void withinTheCapTheInterruptionCarriesAllTheText() {
        LlmRouter router = routerOf(StreamConfig.ofDefaults(), events, a).build();

        StepVerifier.create(router.stream(REQUEST).map(LlmChunk::text))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(1)))
                .expectNext(PARTIAL)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(StreamInterrupted.class, broken -> {
                    assertThat(broken.partialText()).isEqualTo(PARTIAL);
                    assertThat(broken.partialTextComplete()).isTrue();
                }))
                .verify();
    }
}
