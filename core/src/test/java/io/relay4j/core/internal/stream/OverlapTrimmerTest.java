package io.relay4j.core.internal.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.ToolCall;
import io.relay4j.core.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class OverlapTrimmerTest {

    private static final String PARTIAL = "Pod affinity lets you";

    private static Flux<LlmChunk> continuation(String... pieces) {
        List<LlmChunk> chunks = new ArrayList<>();
        for (String piece : pieces) {
            chunks.add(LlmChunk.text(piece));
        }
        chunks.add(LlmChunk.last("", FinishReason.STOP, Usage.of(30, 9), "m"));
        return Flux.fromIterable(chunks);
    }

    private static Flux<String> trimmed(String partial, String... pieces) {
        return OverlapTrimmer.trim(continuation(pieces), partial).map(LlmChunk::text);
    }

    @Test
    void aContinuationThatDoesNotRepeatPassesUnchanged() {
        StepVerifier.create(trimmed(PARTIAL, " schedule", " pods together."))
                .expectNext(" schedule", " pods together.", "")
                .verifyComplete();
    }

    @Test
    void aFullRepeatOfThePartialAnswerIsDropped() {
        StepVerifier.create(trimmed(PARTIAL, "Pod affinity lets you schedule", " pods."))
                .expectNext(" schedule", " pods.", "")
                .verifyComplete();
    }

    @Test
    void aRepeatSpreadOverChunksIsHeldUntilItPassesThePartialsEnd() {
        StepVerifier.create(trimmed(PARTIAL, "Pod ", "affin", "ity lets", " you", " place", " pods."))
                .expectNext(" place", " pods.", "")
                .verifyComplete();
    }

    @Test
    void aRepeatEndingExactlyAtAChunkBoundaryIsDropped() {
        StepVerifier.create(trimmed(PARTIAL, "Pod affinity ", "lets you", " co-locate"))
                .expectNext(" co-locate", "")
                .verifyComplete();
    }

    @Test
    void aRestatedOpeningThatThenDivergesIsDropped() {
        // "Pod affinity " (13 characters) repeats the opening, then the model goes its own way
        StepVerifier.create(trimmed(PARTIAL, "Pod aff", "inity ", "makes", " pods land together."))
                .expectNext("makes", " pods land together.", "")
                .verifyComplete();
    }

    @Test
    void aContinuationThatDivergesRightAwayIsEmittedWhole() {
        StepVerifier.create(trimmed(PARTIAL, "P", "lus more."))
                .expectNext("Plus more.", "")
                .verifyComplete();
    }

    @Test
    void aShortCoincidentalMatchIsNotTakenForARepeat() {
        StepVerifier.create(trimmed(PARTIAL, "Po", "ssibly", " more."))
                .expectNext("Possibly", " more.", "")
                .verifyComplete();
    }

    @Test
    void aContinuationThatOnlyRepeatsAddsNothingButItsLastChunk() {
        StepVerifier.create(OverlapTrimmer.trim(continuation("Pod affinity", " lets you"), PARTIAL))
                .assertNext(last -> {
                    assertThat(last.isLast()).isTrue();
                    assertThat(last.text()).isEmpty();
                    assertThat(last.usage()).contains(Usage.of(30, 9));
                })
                .verifyComplete();
    }

    @Test
    void textOnTheLastChunkIsTrimmedToo() {
        Flux<LlmChunk> source = Flux.just(LlmChunk.text("Pod affinity "),
                LlmChunk.last("lets you pin pods", FinishReason.STOP, Usage.of(1, 1), "m"));

        StepVerifier.create(OverlapTrimmer.trim(source, PARTIAL))
                .assertNext(last -> {
                    assertThat(last.text()).isEqualTo(" pin pods");
                    assertThat(last.isLast()).isTrue();
                })
                .verifyComplete();
    }

    /** Issue 13: while the trimmer judged a repeat it dropped every chunk without text, reasoning and calls too. */
    @Test
    void reasoningAndToolCallsPassWhileARepeatIsJudgedAndWithTrimmedText() {
        ToolCall call = ToolCall.of("c1", "search", "{}");
        Flux<LlmChunk> continuation = Flux.just(LlmChunk.reasoning("thinking"), LlmChunk.text("Pod affinity"),
                LlmChunk.toolCall(call), LlmChunk.builder().text(" lets you").reasoning("more").build(),
                LlmChunk.text(" co-locate"), LlmChunk.last("", FinishReason.STOP, Usage.of(1, 1), "m"));

        StepVerifier.create(OverlapTrimmer.trim(continuation, PARTIAL))
                .assertNext(c -> assertThat(c.reasoning()).isEqualTo("thinking"))
                .assertNext(c -> assertThat(c.toolCall()).contains(call))
                .assertNext(c -> {
                    assertThat(c.text()).isEmpty();
                    assertThat(c.reasoning()).isEqualTo("more");
                })
                .assertNext(c -> assertThat(c.text()).isEqualTo(" co-locate"))
                .assertNext(c -> assertThat(c.isLast()).isTrue())
                .verifyComplete();
    }
}
