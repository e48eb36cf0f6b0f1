package io.relay4j.core.internal.health;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One provider's recent call outcomes: the last {@code size} calls, none older than {@code spanNanos}, and the
 * failures in a row. Lock-free: recording is one counter increment and one array write, so a success costs no
 * lock and no allocation; the counts are read only when a failure is weighed (and by a gauge).
 *
 * <p>Counts are approximate while calls are being recorded concurrently (a slot being overwritten may be read
 * before or after its write); that is enough for a failure rate over tens of calls.
 */
public final class OutcomeWindow {

    /** Bit 1 marks a written slot, so an empty slot (0) is never read as a success at time 0. */
    private static final long WRITTEN = 2;
    private static final long FAILED = 1;

    private final int size;
    private final long spanNanos;
    private final AtomicLongArray slots;
    private final AtomicLong next = new AtomicLong();
    private final AtomicInteger consecutive = new AtomicInteger();
    private volatile long floor;

    public OutcomeWindow(int size, long spanNanos) {
        this.size = size;
        this.spanNanos = spanNanos;
        this.slots = new AtomicLongArray(size);
    }

    /** A call succeeded at {@code now}. */
    public void success(long now) {
        put(now, 0);
        if (consecutive.get() != 0) {
            consecutive.set(0);
        }
    }

    /** A call failed at {@code now}; returns the failures in a row, this one included. */
    public int failure(long now) {
        put(now, FAILED);
        return consecutive.incrementAndGet();
    }

    /** The failures in a row since the last success (or {@link #clear()}). */
    public int consecutiveFailures() {
        return consecutive.get();
    }

    /** Forgets every outcome: a provider back from a cooldown starts with a clean record. */
    public void clear() {
        floor = next.get();
        consecutive.set(0);
    }

    /** The calls and failures in the window at {@code now}, packed: calls in the high int, failures in the low. */
    public long counts(long now) {
        long end = next.get();
        long start = Math.max(floor, end - size);
        int calls = 0;
        int failures = 0;
        for (long i = start; i < end; i++) {
            long slot = slots.get((int) (i % size));
            if ((slot & WRITTEN) == 0 || now - (slot >> 2) > spanNanos) {
                continue;
            }
            calls++;
            failures += (int) (slot & FAILED);
        }
        return ((long) calls << 32) | failures;
    }

    /** The calls of packed {@link #counts}. */
    public static int calls(long counts) {
        return (int) (counts >>> 32);
    }

    /** The failures of packed {@link #counts}. */
    public static int failures(long counts) {
        return (int) counts;
    }

    /** The failed share of the calls in the window at {@code now}; 0 when it holds none. */
    public double failureRate(long now) {
        long counts = counts(now);
        int calls = calls(counts);
        return calls == 0 ? 0 : (double) failures(counts) / calls;
    }

    private void put(long now, long failed) {
        long index = next.getAndIncrement();
        slots.set((int) (index % size), (now << 2) | WRITTEN | failed);
    }
}
