package io.relay4j.core.internal.strategy;

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
 * other options): calls already holding permits keep them. Lock-free.
 */
public final class ConcurrencyLimiter {

    private static final int UNLIMITED = Integer.MAX_VALUE;

    private volatile int limit;
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
        if (limit.isPresent() && limit.getAsInt() < 1) {
            throw new IllegalArgumentException("concurrency limit must be at least 1, was " + limit.getAsInt());
        }
        this.limit = limit.orElse(UNLIMITED);
    }

    public boolean isLimited() {
        return limit != UNLIMITED;
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
