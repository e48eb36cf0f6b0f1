package io.relay4j.core.internal.stream;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.error.EmptyAnswer;
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
 * <p>A stream whose last chunk arrives before any text, and whose finish reason is neither a refusal nor a
 * tool call, fails with {@link EmptyAnswer} before the commit point, so it falls over like any other failure
 * instead of reaching the consumer as an answer.
 *
 * <p>The text passed to the consumer is kept only up to {@link StreamConfig#maxPartialChars()} characters, with
 * the count of all of them ({@link #emitted()}): enough to resume from or to report, never the whole of a
 * long answer.
 *
 * <p>One gate serves one attempt: subscribe to {@link #apply} once, and read {@link #committed()} and
 * {@link #emitted()} once the gated stream has signalled its end.
 */
public final class CommitGate {

    private final int holdBackChars;
    private final Duration holdBack;
    private final long readAheadLimit;
    private final PartialText emitted;
    private volatile boolean committed;

    private CommitGate(int holdBackChars, Duration holdBack, int maxPartialChars) {
        this.holdBackChars = holdBackChars;
        this.holdBack = Objects.requireNonNull(holdBack, "holdBack");
        this.emitted = new PartialText(maxPartialChars);
        this.readAheadLimit = holdBack.isZero() ? Long.MAX_VALUE
                : Math.max(holdBackChars, StreamConfig.TIME_HOLD_BACK_BUFFER_CHARS);
    }

    /** A gate at the commit point the configuration sets. */
    public static CommitGate of(StreamConfig config) {
        return new CommitGate(config.holdBackChars(), config.holdBack(), config.maxPartialChars());
    }

    /**
     * A gate for a continuation of an interrupted stream: it commits at the first new text token whatever the
     * configured hold-back, and keeps text up to the configuration's cap.
     */
    public static CommitGate continuation(StreamConfig config) {
        return new CommitGate(0, Duration.ZERO, config.maxPartialChars());
    }

    /** A gate that commits once {@code holdBackChars} have arrived and {@code holdBack} has passed since the first token. */
    public static CommitGate of(int holdBackChars, Duration holdBack) {
        if (holdBackChars < 0) {
            throw new IllegalArgumentException("holdBackChars must not be negative");
        }
        return new CommitGate(holdBackChars, holdBack, StreamConfig.DEFAULT_MAX_PARTIAL_CHARS);
    }

    /** The attempt's stream from {@code provider} behind this gate. */
    public Flux<LlmChunk> apply(Flux<LlmChunk> attempt, String provider) {
        Objects.requireNonNull(provider, "provider");
        return new Operator(attempt, provider);
    }

    /** Whether the commit point was passed: from then on the consumer may have seen text. */
    public boolean committed() {
        return committed;
    }

    /** The text the gate passed to the consumer: kept up to the cap, counted in full. */
    public PartialText emitted() {
        return emitted;
    }

    /** The kept text the gate passed to the consumer (all of it when within the cap). */
    public String emittedText() {
        return emitted.text();
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
        if (!text.isEmpty()) {
            emitted.append(text);
        }
    }

    private final class Operator extends FluxOperator<LlmChunk, LlmChunk> {
        private final String provider;

        Operator(Flux<LlmChunk> source, String provider) {
            super(source);
            this.provider = provider;
        }

        @Override
        public void subscribe(CoreSubscriber<? super LlmChunk> actual) {
            source.subscribe(new CommitGateSubscriber(actual, CommitGate.this, provider));
        }
    }
}
