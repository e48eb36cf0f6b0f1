package io.relay4j.core.spi;

import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.budget.BudgetWindow;
import io.relay4j.core.internal.budget.InMemoryBudgetStore;
import java.math.BigDecimal;

/**
 * Where spending is kept: one running total per provider and period window, and the amounts reserved on it by
 * calls in flight. The default {@link #inMemory()} keeps them in this JVM; an implementation backed by a shared
 * store (Redis, a database) lets several router instances share one budget.
 *
 * <p>Contract: every method is called on the router's request path, possibly on a Netty event loop: they must
 * be thread-safe and must not block (a remote store keeps a local view and synchronises it asynchronously).
 * {@link #add} is atomic: concurrent adds are never lost, and each caller sees the total including its own
 * amount. {@link #reserve} and {@link #settle} are atomic in the same way, so concurrent admissions never see
 * the same room twice. A window that is not the current one may be forgotten, with its reservations.
 *
 * <p>The reservation methods have defaults for stores written before reservations existed: they keep nothing
 * reserved ({@link #reserve} only checks the spent total and {@link #settle} only adds the actual cost), so
 * such a store admits calls as before, without the overshoot bound {@link BudgetTracker} documents.
 */
public interface BudgetStore {

    /** Adds {@code amountUsd} to the window's total and returns the new total. */
    BigDecimal add(BudgetWindow window, BigDecimal amountUsd);

    /** The window's total so far; zero when nothing was spent in it. */
    BigDecimal spent(BudgetWindow window);

    /**
     * Atomically: when the window's spent total plus what is reserved on it is below {@code limitUsd}, reserves
     * {@code amountUsd} more on it and returns true; otherwise changes nothing and returns false.
     */
    default boolean reserve(BudgetWindow window, BigDecimal amountUsd, BigDecimal limitUsd) {
        return spent(window).compareTo(limitUsd) < 0;
    }

    /**
     * Atomically: gives back {@code reservedUsd} reserved on the window by {@link #reserve} and adds
     * {@code actualUsd} to its spent total, which it returns. When the window is no longer the current one, the
     * reservation is gone with it and the actual cost counts in the current window, as for {@link #add}.
     */
    default BigDecimal settle(BudgetWindow window, BigDecimal reservedUsd, BigDecimal actualUsd) {
        return add(window, actualUsd);
    }

    /** What calls in flight have reserved on the window; zero when nothing. */
    default BigDecimal reserved(BudgetWindow window) {
        return BigDecimal.ZERO;
    }

    /** A thread-safe, lock-free store in this JVM that keeps only each provider's current windows. */
    static BudgetStore inMemory() {
        return new InMemoryBudgetStore();
    }
}
