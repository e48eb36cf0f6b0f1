package io.relay4j.redis.internal.budget;

import java.util.HashMap;
import java.util.Map;

/**
 * The other members' values in one window, immutable, with the sums a reservation checks: everything they
 * spent, and what the live ones reserve. A member that has not been seen alive for the liveness TTL (it crashed,
 * or was closed with calls in flight) stops counting its reservations; its spending keeps counting, it was spent.
 * Members missing from a Redis snapshot are kept: Redis may have lost its data and they have not written again.
 */
final class Peers {

    static final Peers NONE = new Peers(Map.of(), 0, 0);

    private final Map<String, Peer> byMember;
    private final long spent;
    private final long reserved;

    private Peers(Map<String, Peer> byMember, long spent, long reserved) {
        this.byMember = byMember;
        this.spent = spent;
        this.reserved = reserved;
    }

    private static Peers of(Map<String, Peer> byMember, long nowNanos, long ttlNanos) {
        long spent = 0;
        long reserved = 0;
        for (Peer peer : byMember.values()) {
            spent += peer.spent();
            if (nowNanos - peer.seenNanos() < ttlNanos) {
                reserved += peer.reserved();
            }
        }
        return new Peers(Map.copyOf(byMember), spent, reserved);
    }

    long spent() {
        return spent;
    }

    long reserved() {
        return reserved;
    }

    /** Merges what Redis or a change notice told of some members. */
    Peers merge(Map<String, Peer> seen, long nowNanos, long ttlNanos) {
        Map<String, Peer> merged = new HashMap<>(byMember);
        seen.forEach((member, peer) -> merged.merge(member, peer, Peer::newer));
        return of(merged, nowNanos, ttlNanos);
    }

    /** Stops counting the reservations of members not seen alive within the TTL. */
    Peers expire(long nowNanos, long ttlNanos) {
        return byMember.isEmpty() ? this : of(byMember, nowNanos, ttlNanos);
    }
}
