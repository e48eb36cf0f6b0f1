package io.relay4j.redis.internal.budget;

/**
 * What this instance knows of another member's values in one window: its absolute spent and reserved amounts
 * (nano-USD), the sequence number of the write that carried them (a member's writes are numbered, so an older
 * message never replaces a newer one) and when that member was last known alive (this JVM's nano time).
 */
record Peer(long spent, long reserved, long seq, long seenNanos) {

    /** The newer of two views of one member; spending only grows within a window, so it never goes back. */
    Peer newer(Peer other) {
        if (other.seq > seq) {
            return new Peer(Math.max(spent, other.spent), other.reserved, other.seq, Math.max(seenNanos, other.seenNanos));
        }
        if (other.seq == seq) {
            return new Peer(Math.max(spent, other.spent), reserved, seq, Math.max(seenNanos, other.seenNanos));
        }
        return new Peer(Math.max(spent, other.spent), reserved, seq, seenNanos);
    }
}
