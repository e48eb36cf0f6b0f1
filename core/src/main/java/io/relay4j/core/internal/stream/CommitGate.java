package io.relay4j.core.internal.stream;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.router.StreamConfig;
import java.time.Duration;
import java.util.Objects;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;

/**
 * The commit point of one streaming attempt. Before it nothing reaches the consumer: chunks are
 * buffered, and a failure leaves the gate uncommitted, so the router knows it is still invisible and
 * may fall over. At the commit point the buffer is flushed and the chunks after it pass straight
 * through. A stream whose last chunk arrives before the commit point commits at its end.
 *
 * <p>Buffering is bounded: before the commit point the gate pulls one chunk at a time and stops at the
 * hold-back size; after it, it asks the provider for no more than the consumer asked for. A failure
 * after the commit point reaches the consumer after the chunks already flushed.
 *
 * <p>One gate serves one attempt: subscribe to {@link #apply} once, and read {@link #committed()} and
 * {@link #emittedText()} once the gated stream has signalled its end.
 */
public final class CommitGate {

    private final int holdBackChars;
    private final Duration holdBack;
    private final long readAheadLimit;
    private final StringBuilder emitted = new StringBuilder();
    private volatile boolean committed;

    private CommitGate(int holdBackChars, Duration holdBack) {
        this.holdBackChars = holdBackChars;
        this.holdBack = Objects.requireNonNull(holdBack, "holdBack");
        this.readAheadLimit = holdBack.isZero() ? Long.MAX_VALUE
                : Math.max(holdBackChars, StreamConfig.TIME_HOLD_BACK_BUFFER_CHARS);
    }

    /** A gate at the commit point the configuration sets. */
    public static CommitGate of(StreamConfig config) {
        return new CommitGate(config.holdBackChars(), config.holdBack());
    }

    /** A gate that commits once {@code holdBackChars} have arrived and {@code holdBack} has passed since the first token. */
    public static CommitGate of(int holdBackChars, Duration holdBack) {
        if (holdBackChars < 0) {
            throw new IllegalArgumentException("holdBackChars must not be negative");
        }
        return new CommitGate(holdBackChars, holdBack);
    }

    /** The attempt's stream behind this gate. */
    public Flux<LlmChunk> apply(Flux<LlmChunk> attempt) {
        return new Operator(attempt);
    }

    /** Whether the commit point was passed: from then on the consumer may have seen text. */
    public boolean committed() {
        return committed;
    }

    /** The text the gate passed to the consumer. */
    public String emittedText() {
        synchronized (emitted) {
            return emitted.toString();
        }
    }

    int holdBackChars() {
        return holdBackChars;
    }

    Duration holdBack() {
        return holdBack;
    }

    long readAheadLimit() {
        return readAheadLimit;
    }

    void markCommitted() {
        committed = true;
    }

    void recordEmitted(String text) {
        synchronized (emitted) {
            emitted.append(text);
        }
    }

    private final class Operator extends FluxOperator<LlmChunk, LlmChunk> {
        Operator(Flux<LlmChunk> source) {
            super(source);
        }

        @Override
        public void subscribe(CoreSubscriber<? super LlmChunk> actual) {
            source.subscribe(new CommitGateSubscriber(actual, CommitGate.this));
        }
    }
}
