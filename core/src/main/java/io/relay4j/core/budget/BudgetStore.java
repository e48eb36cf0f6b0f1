package io.relay4j.core.budget;

import java.math.BigDecimal;

/**
 * Where spending is kept: one running total per provider and period window. The default
 * {@link #inMemory()} keeps it in this JVM; an implementation backed by a shared store (Redis, a
 * database) lets several router instances share one budget.
 *
 * <p>Contract: both methods are called on the router's request path, possibly on a Netty event loop:
 * they must be thread-safe and must not block (a remote store keeps a local view and synchronises it
 * asynchronously). {@link #add} is atomic: concurrent adds are never lost, and each caller sees the
 * total including its own amount. A window that is not the current one may be forgotten.
 */
public interface BudgetStore {

    /** Adds {@code amountUsd} to the window's total and returns the new total. */
    BigDecimal add(BudgetWindow window, BigDecimal amountUsd);

    /** The window's total so far; zero when nothing was spent in it. */
    BigDecimal spent(BudgetWindow window);

    /** A thread-safe, lock-free store in this JVM that keeps only each provider's current windows. */
    static BudgetStore inMemory() {
        return new InMemoryBudgetStore();
    }
}
