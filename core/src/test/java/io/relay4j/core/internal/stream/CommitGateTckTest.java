package io.relay4j.core.internal.stream;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.testing.Tck;
import java.time.Duration;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import reactor.core.publisher.Flux;

/**
 * The Reactive Streams TCK's publisher rules against the commit gate over a source of N one-character
 * chunks. The gate holds back {@link #HOLD_BACK_CHARS} characters: it pulls the first chunks one at a time
 * and holds them, flushes them on the consumer's demand once enough arrived (or the source ended), then
 * passes the consumer's demand on; the TCK's streams of 1 and 2 elements commit at their end. The failed
 * publisher is a source that fails within the held-back characters: the gate drops what it held and fails.
 */
public class CommitGateTckTest extends PublisherVerification<LlmChunk> {

    private static final int HOLD_BACK_CHARS = 3;

    public CommitGateTckTest() {
        super(Tck.environment());
    }

    @Override
    public Publisher<LlmChunk> createPublisher(long elements) {
        return gated(CommitGate.of(HOLD_BACK_CHARS, Duration.ZERO), chunks(elements));
    }

    @Override
    public Publisher<LlmChunk> createFailedPublisher() {
        return gated(CommitGate.of(HOLD_BACK_CHARS, Duration.ZERO),
                chunks(HOLD_BACK_CHARS - 1).concatWith(Flux.error(new IllegalStateException("stream broke"))));
    }

    /** One less than unbounded: the TCK then also runs its rules that need the gate to complete. */
    @Override
    public long maxElementsFromPublisher() {
        return Long.MAX_VALUE - 1;
    }

    /** The one place the gate is applied, for both verifications. */
    static Flux<LlmChunk> gated(CommitGate gate, Flux<LlmChunk> source) {
        return gate.apply(source, "tck");
    }

    static Flux<LlmChunk> chunks(long count) {
        return Tck.numbers(count).map(i -> LlmChunk.text("x"));
    }
}
