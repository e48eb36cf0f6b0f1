package io.relay4j.core.internal.health;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The router-wide cap on outlier ejections (Envoy's max ejection percent): counts the providers out of rotation
 * for any reason, and lets an outlier ejection through only while the count stays within the cap. Faults that
 * eject at once are counted but never refused. Lock-free; a provider enters and leaves the count exactly once per
 * ejection, as its health tracker reports.
 */
public final class EjectionGuard {

    /** A guard that lets every ejection through, for a tracker on its own. */
    public static EjectionGuard unlimited() {
        return new EjectionGuard(() -> 1, 100);
    }

    private final IntSupplier providers;
    private final int maxPercent;
    private final AtomicInteger out = new AtomicInteger();

    /**
     * @param providers  the number of providers on the router now
     * @param maxPercent the largest share of them, in percent, that may be out after an outlier ejection
     */
    public EjectionGuard(IntSupplier providers, int maxPercent) {
        this.providers = providers;
        this.maxPercent = maxPercent;
    }

    /** Reserves a place for an outlier ejection; false when the cap is reached (the provider stays in). */
    public boolean tryEjectOutlier() {
        int allowed = allowed(providers.getAsInt());
        for (;;) {
            int current = out.get();
            if (current >= allowed) {
                return false;
            }
            if (out.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** A provider went out for a fault that ejects at once, or by hand. */
    public void ejected() {
        out.incrementAndGet();
    }

    /** A provider came back (or was removed while out), or an outlier reservation was not used. */
    public void returned() {
        out.decrementAndGet();
    }

    /** The providers out of rotation now. */
    public int out() {
        return out.get();
    }

    private int allowed(int total) {
        if (maxPercent >= 100) {
            return total;
        }
        return Math.min(total - 1, total * maxPercent / 100);
    }
}
