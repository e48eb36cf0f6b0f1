package io.relay4j.core.internal.strategy;

import io.relay4j.core.error.RateLimitInfo;
import io.relay4j.core.event.RouterEvent.ConcurrencyLimitChanged.Cause;
import io.relay4j.core.router.AdaptiveConcurrency;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Caps the calls one provider may have in progress. A caller either gets a permit at once or is told
 * no (the router then skips the provider): nothing ever waits in a queue. A permit is released exactly
 * once, however often {@link Permit#release()} is called, and a guarded call releases it when it
 * completes, fails or is cancelled. The limit may be changed while calls run (a provider re-added with
 * other options): calls already holding permits keep them. Lock-free when taking and giving back a slot.
 *
 * <p>The limit is fixed, or {@linkplain #adaptTo adaptive}: then the outcomes of the provider's calls move it
 * ({@link #succeeded}, {@link #throttled}, {@link #rateLimitReported}; see {@link AimdLimit}), and each move of
 * the whole number is told to the {@link LimitListener}. On a fixed or no limit those signals do nothing.
 */
public final class ConcurrencyLimiter {

    private static final int UNLIMITED = Integer.MAX_VALUE;

    /** Told each time the limit is set or moves; called outside any lock, from the thread that moved it. */
    @FunctionalInterface
    public interface LimitListener {
        LimitListener NONE = (previous, limit, cause) -> {
        };

        void changed(int previous, int limit, Cause cause);
    }

    private volatile int limit;
    private volatile AimdLimit adaptive;
    private volatile LimitListener listener = LimitListener.NONE;
    private final AtomicInteger inUse = new AtomicInteger();

    private ConcurrencyLimiter(int limit) {
        this.limit = limit;
    }

    /** At most {@code limit} (at least 1) calls at a time. */
    public static ConcurrencyLimiter of(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("concurrency limit must be at least 1, was " + limit);
        }
        return new ConcurrencyLimiter(limit);
    }

    /** No limit: every acquire succeeds (permits are still counted). */
    public static ConcurrencyLimiter unlimited() {
        return new ConcurrencyLimiter(UNLIMITED);
    }

    /** Sets the limit to {@code limit} (at least 1), or to none when empty; permits held stay held. */
    public void limitTo(OptionalInt limit) {
        limitTo(limit, LimitListener.NONE);
    }

    /** As {@link #limitTo(OptionalInt)}, telling {@code listener} of a limit set (not of none). */
    public void limitTo(OptionalInt limit, LimitListener listener) {
        if (limit.isPresent() && limit.getAsInt() < 1) {
            throw new IllegalArgumentException("concurrency limit must be at least 1, was " + limit.getAsInt());
        }
        this.adaptive = null;
        this.listener = listener;
        this.limit = limit.orElse(UNLIMITED);
        limit.ifPresent(set -> listener.changed(0, set, Cause.CONFIGURED));
    }

    /**
     * Makes the limit adaptive, starting at {@code config}'s initial limit; {@code listener} is told of that and
     * of every later move. Permits held stay held.
     */
    public void adaptTo(AdaptiveConcurrency config, LimitListener listener) {
        this.listener = listener;
        AimdLimit aimd = new AimdLimit(config, next -> this.limit = next);
        this.adaptive = aimd;
        listener.changed(0, aimd.limit(), Cause.CONFIGURED);
    }

    public boolean isLimited() {
        return limit != UNLIMITED;
    }

    /** True when the limit follows the calls' outcomes. */
    public boolean isAdaptive() {
        return adaptive != null;
    }

    /**
     * A call that started at {@code startNanos} succeeded at {@code nowNanos}, after giving its slot back;
     * {@code latencyNanos} is its latency sample (negative for none): a whole answer's latency, or a stream's
     * time to first token when {@code stream}.
     */
    public void succeeded(long startNanos, long nowNanos, long latencyNanos, boolean stream) {
        AimdLimit aimd = adaptive;
        if (aimd != null) {
            tell(aimd.succeeded(startNanos, nowNanos, latencyNanos, stream, inUse.get() + 1));
        }
    }

    /** The vendor throttled (a 429 that is not a spent quota) or was overloaded, answering a call started then. */
    public void throttled(long startNanos, long nowNanos) {
        AimdLimit aimd = adaptive;
        if (aimd != null) {
            tell(aimd.throttled(startNanos, nowNanos));
        }
    }

    /** A successful reply to a call started at {@code startNanos} stated the vendor's rate-limit counters. */
    public void rateLimitReported(RateLimitInfo info, long startNanos, long nowNanos) {
        AimdLimit aimd = adaptive;
        if (aimd != null) {
            tell(aimd.rateLimitReported(info, startNanos, nowNanos));
        }
    }

    private void tell(AimdLimit.Change change) {
        if (change != null) {
            listener.changed(change.previous(), change.limit(), change.cause());
        }
    }

    public int limit() {
        return limit;
    }

    /** Permits held now: the calls in progress. */
    public int inUse() {
        return inUse.get();
    }

    /** A permit when fewer than the limit are in use; empty otherwise (never waits). */
    public Optional<Permit> tryAcquire() {
        return tryTake() ? Optional.of(new Permit()) : Optional.empty();
    }

    /**
     * Takes one slot of the limit without a {@link Permit} object, for a holder that already releases exactly
     * once by itself (the router's call, whose outcome is claimed once): true when taken, and then the holder
     * must {@link #giveBack()} it exactly once. Spares the permit's allocations on every routed call.
     */
    public boolean tryTake() {
        int current;
        do {
            current = inUse.get();
            if (current >= limit) {
                return false;
            }
        } while (!inUse.compareAndSet(current, current + 1));
        return true;
    }

    /** Gives back a slot {@link #tryTake()} took; call it exactly once per slot taken. */
    public void giveBack() {
        inUse.decrementAndGet();
    }

    /** One slot of the limit, held until released. */
    public final class Permit {

        private final AtomicBoolean released = new AtomicBoolean();

        private Permit() {
        }

        /** Gives the slot back; calls after the first do nothing. */
        public void release() {
            if (released.compareAndSet(false, true)) {
                giveBack();
            }
        }

        /**
         * The call, releasing this permit when it completes, fails or is cancelled. The permit is
         * already held: the caller must subscribe to the result, or release the permit itself.
         */
        public <T> Mono<T> guard(Mono<T> call) {
            return call.doFinally(signal -> release());
        }

        /** As {@link #guard(Mono)}, for a stream. */
        public <T> Flux<T> guard(Flux<T> call) {
            return call.doFinally(signal -> release());
        }
    }
}
