package io.relay4j.core.internal.stream;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.Usage;
import io.relay4j.core.error.EmptyAnswer;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.internal.timer.Deadlines;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;
import reactor.util.concurrent.Queues;

/**
 * The gate's per-subscription machinery. Upstream signals, the consumer's requests and the hold-back
 * timer may arrive on different threads; every decision is taken in one serialised drain loop.
 */
final class CommitGateSubscriber implements CoreSubscriber<LlmChunk>, Subscription {

    private static final int BUFFER_LINK_SIZE = 8;
    /**
     * After the commit point, the most chunks asked of the provider and not yet passed on. A consumer asking for
     * everything must not have its demand passed on whole: a provider that emits on request (a parsed network
     * buffer, a replayed stream) would then be queued here entirely, inside one request, before the consumer saw
     * a chunk or could cancel. Asked again in batches once a quarter of it went out.
     */
    static final int MAX_IN_FLIGHT = Queues.SMALL_BUFFER_SIZE;
    private static final int REPLENISH_AT = MAX_IN_FLIGHT - (MAX_IN_FLIGHT >> 2);
    private final CoreSubscriber<? super LlmChunk> actual;
    private final CommitGate gate;
    private final String provider;
    /**
     * Small links: after the commit point the buffer holds at most what the consumer has not taken yet, and an open
     * stream should not carry the default 257-slot array for that; a long hold-back simply links more arrays.
     */
    private final Queue<LlmChunk> buffer = Queues.<LlmChunk>unbounded(BUFFER_LINK_SIZE).get();
    private final AtomicInteger wip = new AtomicInteger();
    /** What the consumer asked for and has not received. */
    private final AtomicLong requested = new AtomicLong();
    /** What the gate asked the provider for and has not received. */
    private final AtomicLong upstreamDemand = new AtomicLong();
    private final AtomicLong receivedChars = new AtomicLong();
    private final Disposable.Swap holdTimer = Disposables.swap();
    private Subscription upstream;
    /** Answer content arrived: text, a complete tool call or an argument fragment ({@link ChunkContent#commits}). */
    private volatile boolean sawContent;
    private volatile boolean sawLast;
    private volatile boolean holdTimeOver;
    private volatile boolean done;
    private volatile boolean cancelled;
    private Throwable error;

    CommitGateSubscriber(CoreSubscriber<? super LlmChunk> actual, CommitGate gate, String provider) {
        this.actual = actual;
        this.gate = gate;
        this.provider = provider;
        this.holdTimeOver = gate.holdBack().isZero();
    }

    @Override
    public Context currentContext() {
        return actual.currentContext();
    }

    @Override
    public void onSubscribe(Subscription s) {
        if (Operators.validate(upstream, s)) {
            upstream = s;
            actual.onSubscribe(this);
            drain();
        }
    }

    @Override
    public void onNext(LlmChunk chunk) {
        if (done) {
            Operators.onNextDropped(chunk, actual.currentContext());
            return;
        }
        upstreamDemand.getAndUpdate(n -> n == Long.MAX_VALUE || n == 0 ? n : n - 1);
        receivedChars.addAndGet(ChunkContent.committedChars(chunk));
        if (!sawContent && chunk.isLast() && ChunkContent.lastIsBare(chunk)
                && EmptyAnswer.isEmpty("", chunk.finishReason().get())) {
            // finished without a word or a tool call: a failure before the commit point, never an answer
            error = EmptyAnswer.of(ErrorDetails.of(provider), chunk.finishReason().get(),
                    chunk.usage().orElse(Usage.NONE));
            done = true;
            drain();
            return;
        }
        if (chunk.isLast()) {
            sawLast = true;
        }
        // a complete tool call or an argument fragment commits like text; reasoning is held until then
        if (!sawContent && ChunkContent.commits(chunk)) {
            sawContent = true;
            if (!holdTimeOver) {
                holdTimer.update(Deadlines.schedule(this::onHoldTimeOver,
                        gate.holdBack().toNanos(), TimeUnit.NANOSECONDS));
            }
        }
        buffer.offer(chunk);
        drain();
    }

    private void onHoldTimeOver() {
        holdTimeOver = true;
        drain();
    }

    @Override
    public void onError(Throwable t) {
        if (done) {
            Operators.onErrorDropped(t, actual.currentContext());
            return;
        }
        error = t;
        done = true;
        drain();
    }

    @Override
    public void onComplete() {
        if (!done) {
            done = true;
            drain();
        }
    }

    @Override
    public void request(long n) {
        if (Operators.validate(n)) {
            requested.getAndUpdate(current -> Operators.addCap(current, n));
            drain();
        }
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            holdTimer.dispose();
            upstream.cancel();
            if (wip.getAndIncrement() == 0) {
                buffer.clear();
            }
        }
    }

    private boolean commitPointReached() {
        return sawLast || (sawContent && holdTimeOver && receivedChars.get() >= gate.holdBackChars());
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        for (;;) {
            if (cancelled) {
                buffer.clear();
                return;
            }
            if (!gate.committed() && (commitPointReached() || (done && error == null))) {
                gate.markCommitted();
                holdTimer.dispose();
            }
            if (gate.committed() ? emitCommitted() : holdBeforeCommit()) {
                return;
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** Before the commit point: pull one chunk at a time up to the read-ahead limit. True when terminated. */
    private boolean holdBeforeCommit() {
        if (done) {
            // failed before the commit point: the consumer never sees the held chunks
            buffer.clear();
            holdTimer.dispose();
            actual.onError(error);
            return true;
        }
        if (upstreamDemand.get() == 0 && receivedChars.get() < gate.readAheadLimit()) {
            upstreamDemand.incrementAndGet();
            upstream.request(1);
        }
        return false;
    }

    /** After the commit point: deliver what the consumer asked for, then ask the provider for the rest. */
    private boolean emitCommitted() {
        long wanted = requested.get();
        long sent = 0;
        while (sent != wanted) {
            if (cancelled) {
                buffer.clear();
                return true;
            }
            boolean terminal = done;
            LlmChunk chunk = buffer.poll();
            if (chunk == null) {
                if (terminal) {
                    terminate();
                    return true;
                }
                break;
            }
            gate.recordEmitted(chunk);
            actual.onNext(chunk);
            sent++;
        }
        if (done && buffer.isEmpty()) {
            terminate();
            return true;
        }
        long produced = sent;
        long stillWanted = produced == 0 ? wanted
                : requested.updateAndGet(r -> r == Long.MAX_VALUE ? r : r - produced);
        long inFlight = upstreamDemand.get() + buffer.size();
        long ask = Math.min(stillWanted, MAX_IN_FLIGHT) - inFlight;
        if (ask > 0 && inFlight <= REPLENISH_AT) {
            upstreamDemand.getAndUpdate(d -> Operators.addCap(d, ask));
            upstream.request(ask);
        }
        return false;
    }

    private void terminate() {
        Throwable failure = error;
        if (failure != null) {
            actual.onError(failure);
        } else {
            actual.onComplete();
        }
    }
}
