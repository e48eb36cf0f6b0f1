package io.relay4j.simulator.internal;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

/**
 * Accounting of one request/response exchange. It ends exactly once: as a completed answer, as a planned
 * ending (an error reply or a fault), or, when neither happened before the exchange stopped, as a
 * cancellation: the client closed the connection or the response publisher was cancelled.
 */
final class Exchange {

    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    private static final int OPEN = 0;
    private static final int ENDED = 1;

    private final StatsRecorder stats;
    private final BooleanSupplier serverClosing;
    private final AtomicInteger state = new AtomicInteger(OPEN);
    private final AtomicBoolean streaming = new AtomicBoolean();

    Exchange(StatsRecorder stats, BooleanSupplier serverClosing) {
        this.stats = stats;
        this.serverClosing = serverClosing;
    }

    /** A successful answer reached its end. */
    void answered() {
        if (end()) {
            stats.answerCompleted();
        }
    }

    /** An error reply or an injected fault ran as planned; closing the connection on purpose counts here too. */
    void endedAsPlanned() {
        end();
    }

    /** A streaming response is being sent. */
    void streamStarted() {
        if (streaming.compareAndSet(false, true)) {
            stats.streamStarted();
        }
    }

    /**
     * Runs {@code work} until it finishes or {@code connectionClosed} fires, and settles the accounting.
     * Errors are not passed to reactor-netty: a failed write means the client has gone.
     */
    Mono<Void> track(Mono<Void> work, Mono<Void> connectionClosed) {
        return work.takeUntilOther(connectionClosed)
                .onErrorResume(error -> {
                    if (!(error instanceof IOException || error instanceof AbortedException)) {
                        LOG.warn("simulated exchange failed", error);
                    }
                    return Mono.empty();
                })
                .doFinally(signal -> {
                    boolean cancelled = end() && !serverClosing.getAsBoolean();
                    // the exchange leaves the in-flight counts before it is counted as cancelled, so whoever
                    // sees the cancellation in the stats also sees it no longer in flight
                    if (streaming.get()) {
                        stats.streamFinished();
                    }
                    stats.requestFinished();
                    if (cancelled) {
                        stats.cancelled();
                    }
                });
    }

    private boolean end() {
        return state.compareAndSet(OPEN, ENDED);
    }
}
