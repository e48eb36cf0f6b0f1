package io.relay4j.core.internal.stream;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.error.EmptyAnswer;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.ToolCall;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * <p>Answer content reaches the commit point: text, a complete tool call, or a tool-call argument fragment
 * (counted in characters for the hold-back like text, {@link ChunkContent#commits}). Reasoning deltas never do:
 * they are held with the other chunks before the commit point and released with them, or dropped with them when
 * the attempt fails before it, so a failover never shows the consumer two providers' reasoning.
 *
 * <p>Buffering is bounded: before the commit point the gate pulls one chunk at a time and stops at the
 * hold-back size; after it, it asks the provider for no more than the consumer asked for. A failure
 * after the commit point reaches the consumer after the chunks already flushed.
 *
 * <p>A stream whose last chunk arrives before any text or tool call (in the chunks or in the last chunk's
 * message), and whose finish reason is not a refusal, fails with {@link EmptyAnswer} before the commit point, so it falls over like any other failure
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
    private volatile boolean toolCallsEmitted;
    /** The complete calls passed to the consumer, id to name; written in the serialised drain only. */
    private final Map<String, String> emittedCalls = new LinkedHashMap<>();

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

    void recordEmitted(LlmChunk chunk) {
        if (!chunk.text().isEmpty()) {
            emitted.append(chunk.text());
        }
        if (ChunkContent.carriesToolCall(chunk)) {
            if (chunk.toolCall().isPresent()) {
                ToolCall call = chunk.toolCall().get();
                emittedCalls.put(call.id(), call.name());
            }
            toolCallsEmitted = true;
        }
    }

    /**
     * Whether the gate passed a tool call to the consumer, complete or a fragment of one: such a stream must not
     * be resumed, since a continuation could repeat or contradict the calls the consumer may already act on.
     */
    public boolean toolCallsEmitted() {
        return toolCallsEmitted;
    }

    /**
     * The complete tool calls the gate passed to the consumer, id to tool name in the order emitted; read it once the
     * gated stream has signalled its end.
     */
    public Map<String, String> emittedToolCalls() {
        return emittedCalls.isEmpty() ? Map.of() : new LinkedHashMap<>(emittedCalls);
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
