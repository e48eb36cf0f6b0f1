package io.relay4j.core.internal.hedging;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps hedges to a fraction of requests, like gRPC's hedging throttle: a token bucket that every
 * request fills by {@code fraction} of a token and every hedge empties by one whole token. The bucket
 * starts empty and holds at most {@code burst} tokens, so over any run of requests the hedges never
 * exceed {@code fraction} of those requests plus {@code burst} saved up before them, and from the start
 * never exceed {@code fraction} of all requests. Lock-free; safe to share by all requests of a router.
 */
public final class HedgeBudget {

    /** Tokens are counted in millionths, so small fractions add up exactly enough. */
    private static final long ONE_TOKEN = 1_000_000L;

    private final long depositPerRequest;
    private final long capacity;
    private final AtomicLong tokens = new AtomicLong();

    /**
     * @param fraction hedges allowed per request, in (0, 1]
     * @param burst    most hedges saved up, at least 1
     */
    public HedgeBudget(double fraction, int burst) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("hedge budget fraction must be in (0, 1], was " + fraction);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("hedge budget burst must be at least 1, was " + burst);
        }
        this.depositPerRequest = Math.max(1, Math.round(fraction * ONE_TOKEN));
        this.capacity = burst * ONE_TOKEN;
    }

    /** Counts one request: its share of a hedge is added to the bucket. */
    public void onRequest() {
        tokens.getAndUpdate(t -> Math.min(capacity, t + depositPerRequest));
    }

    /** Takes one hedge's token if the bucket holds one; false means the hedge must not fire. */
    public boolean tryAcquire() {
        long current;
        do {
            current = tokens.get();
            if (current < ONE_TOKEN) {
                return false;
            }
        } while (!tokens.compareAndSet(current, current - ONE_TOKEN));
        return true;
    }

    /** Returns a token taken for a hedge that did not fire after all (no provider was left to send it to). */
    public void refund() {
        tokens.getAndUpdate(t -> Math.min(capacity, t + ONE_TOKEN));
    }

    /** Whole hedges affordable now. */
    public long available() {
        return tokens.get() / ONE_TOKEN;
    }
}
