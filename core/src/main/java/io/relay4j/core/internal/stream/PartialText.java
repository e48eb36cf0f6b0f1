package io.relay4j.core.internal.stream;

/**
 * The text of a stream that reached its consumer, kept up to a cap: the first {@code cap} characters and the
 * count of all of them. Past the cap the text is no longer kept whole, so it can neither be resumed from nor
 * reported whole; {@link #whole()} says so. Memory per stream is bounded by the cap whatever the answer's
 * length. Thread-safe (the gate's drain loop appends; the router reads after the stream has ended).
 */
public final class PartialText {

    private final int cap;
    private final StringBuilder kept = new StringBuilder();
    private long length;

    /** @param cap the most characters kept; 0 keeps only the count */
    public PartialText(int cap) {
        if (cap < 0) {
            throw new IllegalArgumentException("cap must not be negative, was " + cap);
        }
        this.cap = cap;
    }

    /** Notes {@code text} as delivered: counted always, kept while the cap allows. */
    public synchronized void append(CharSequence text) {
        int room = cap - kept.length();
        if (room > 0 && length == kept.length()) {
            kept.append(text, 0, Math.min(room, text.length()));
        }
        length += text.length();
    }

    /** Everything {@code other} holds, after this text; kept as far as this cap allows. */
    public void append(PartialText other) {
        String text;
        long otherLength;
        synchronized (other) {
            text = other.kept.toString();
            otherLength = other.length;
        }
        synchronized (this) {
            append(text);
            // characters the other one only counted count here too, and end what this one keeps
            length += otherLength - text.length();
        }
    }

    /** The kept text: all of it when {@link #whole()}, else its first {@code cap} characters. */
    public synchronized String text() {
        return kept.toString();
    }

    /** How many characters were delivered, kept or not. */
    public synchronized long length() {
        return length;
    }

    /** True when every delivered character is kept. */
    public synchronized boolean whole() {
        return length == kept.length();
    }

    /** The cap this text was kept under. */
    public int cap() {
        return cap;
    }
}
