package io.relay4j.core;

import io.relay4j.core.event.RouterListener;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Shared pieces of the streaming scenarios, on top of {@link RouterTestKit}: stream steps the scripted provider lacks, runs in virtual time. */
final class StreamTestKit {

    static final LlmRequest REQUEST = RouterTestKit.REQUEST;
    static final Duration STEP = Duration.ofMillis(100);

    private StreamTestKit() {
    }

    static LlmRouter.Builder routerOf(StreamConfig streaming, RouterListener listener, LlmProvider... providers) {
        return RouterTestKit.routerOf(providers).streaming(streaming).logging(false).listener(listener);
    }

    static ScriptedProvider withPrefill(String name) {
        return ScriptedProvider.named(name, ProviderInfo.builder().vendor("scripted").model("prefill-model")
                .acceptsAssistantPrefill(true).build());
    }

    /** Text pieces, one every {@code perChunk}, then silence: a stalled stream. */
    static ScriptedProvider.Step textThenSilence(Duration perChunk, String... pieces) {
        return (p, r) -> Flux.fromArray(pieces)
                .concatMap(piece -> Mono.delay(perChunk).thenReturn(LlmChunk.text(piece)))
                .concatWith(Flux.never());
    }

    /** Text pieces, one every {@code perChunk}, then a completion without the finish sign (a provider bug). */
    static ScriptedProvider.Step truncated(Duration perChunk, String... pieces) {
        return (p, r) -> Flux.fromArray(pieces).concatMap(piece -> Mono.delay(perChunk).thenReturn(LlmChunk.text(piece)));
    }

    /** As many one-character chunks as are asked for, counting what was asked. */
    static ScriptedProvider.Step endless(AtomicLong asked) {
        return (p, r) -> Flux.range(1, Integer.MAX_VALUE).map(i -> LlmChunk.text("x"))
                .doOnRequest(n -> asked.getAndUpdate(a -> a + n < 0 ? Long.MAX_VALUE : a + n));
    }

    /** Streams to the end in virtual time; returns every chunk. */
    static List<LlmChunk> streamToEnd(LlmRouter router) {
        return streamToEnd(router, REQUEST);
    }

    /** Streams {@code request} to the end in virtual time; returns every chunk. */
    static List<LlmChunk> streamToEnd(LlmRouter router, LlmRequest request) {
        List<LlmChunk> chunks = new ArrayList<>();
        StepVerifier.withVirtualTime(() -> router.stream(request))
                .thenAwait(Duration.ofHours(1))
                .thenConsumeWhile(c -> true, chunks::add)
                .verifyComplete();
        return chunks;
    }

    /** Streams until the error in virtual time; {@code received} gets every chunk before it. */
    static Throwable streamToError(LlmRouter router, List<LlmChunk> received) {
        return streamToError(router, REQUEST, received);
    }

    /** Streams {@code request} until the error in virtual time; {@code received} gets every chunk before it. */
    static Throwable streamToError(LlmRouter router, LlmRequest request, List<LlmChunk> received) {
        AtomicReference<Throwable> error = new AtomicReference<>();
        StepVerifier.withVirtualTime(() -> router.stream(request))
                .thenAwait(Duration.ofHours(1))
                .thenConsumeWhile(c -> true, received::add)
                .consumeErrorWith(error::set)
                .verify();
        return error.get();
    }

    /** "provider KIND OUTCOME [ERROR_TYPE]" per attempt, for compact assertions. */
    static List<String> summary(List<Attempt> attempts) {
        List<String> rows = new ArrayList<>();
        attempts.forEach(x -> rows.add(x.provider() + " " + x.kind() + " " + x.outcome()
                + x.errorType().map(t -> " " + t).orElse("")));
        return rows;
    }

    /** The text of a whole stream. */
    static String textOf(List<LlmChunk> chunks) {
        return chunks.stream().map(LlmChunk::text).collect(Collectors.joining());
    }
}
