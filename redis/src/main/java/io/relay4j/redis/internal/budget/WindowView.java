package io.relay4j.redis.internal.budget;

import io.relay4j.core.budget.BudgetWindow;

/**
 * This instance's view of one window, immutable: its own exact values (which it alone writes, so its local
 * values are always the freshest) and the other members' values as last heard. {@code seq} numbers its own
 * changes, so the write that carries them can be told apart from an older one.
 */
record WindowView(BudgetWindow window, long ownSpent, long ownReserved, long seq, Peers peers) {

    static WindowView empty(BudgetWindow window) {
        return new WindowView(window, 0, 0, 0, Peers.NONE);
    }

    long fleetSpent() {
        return ownSpent + peers.spent();
    }

    long fleetReserved() {
        return ownReserved + peers.reserved();
    }

    WindowView own(long spent, long reserved) {
        return new WindowView(window, spent, reserved, seq + 1, peers);
    }

    WindowView withPeers(Peers updated) {
        return new WindowView(window, ownSpent, ownReserved, seq, updated);
    }

    boolean isOf(BudgetWindow other) {
        return window.start().equals(other.start());
    }
}
