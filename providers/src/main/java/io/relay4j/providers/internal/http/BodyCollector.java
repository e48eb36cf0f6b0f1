package io.relay4j.providers.internal.http;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads a whole body into a byte array, up to a cap. Memory follows the bytes that arrived, not the length the
 * server announced. Each buffer's bytes are copied as it arrives and the
 * buffer is left to reactor-netty, which releases it after delivery; a body over the cap fails with
 * {@link TooLarge}, which cancels the read and so closes the connection.
 */
final class BodyCollector {

    private static final int UNKNOWN_LENGTH_CAPACITY = 256;
    /**
     * The most a declared length may reserve before any byte arrived: a server's {@code content-length} is a
     * claim, and 500 pooled connections each announcing 8 MiB must not reserve 4 GiB. Bodies above it grow
     * by doubling as their bytes arrive.
     */
    static final int MAX_INITIAL_CAPACITY = 64 * 1024;

    private byte[] bytes;
    private int size;
    private final int maxBytes;

    private BodyCollector(int maxBytes, int declaredLength) {
        this.maxBytes = maxBytes;
        this.bytes = new byte[initialCapacity(maxBytes, declaredLength)];
    }

    /**
     * A small declared length sizes the array once and exactly (a wrong one only costs a copy); a large one
     * reserves at most {@link #MAX_INITIAL_CAPACITY}, and the rest is allocated only as it arrives.
     */
    static int initialCapacity(int maxBytes, int declaredLength) {
        if (declaredLength < 0) {
            return Math.min(UNKNOWN_LENGTH_CAPACITY, maxBytes);
        }
        return Math.min(declaredLength, Math.min(maxBytes, MAX_INITIAL_CAPACITY));
    }

    /**
     * @param declaredLength the {@code content-length} the server announced, or {@code -1}; trusted only to
     *                       size the first array (up to {@link #MAX_INITIAL_CAPACITY}), never as the body's
     *                       length or as a bound
     */
    static Mono<byte[]> collect(Flux<ByteBuf> body, int maxBytes, int declaredLength) {
        return body.collect(() -> new BodyCollector(maxBytes, declaredLength), BodyCollector::append)
                .map(BodyCollector::toArray);
    }

    private void append(ByteBuf buf) {
        int n = buf.readableBytes();
        if (size + (long) n > maxBytes) {
            throw new TooLarge(maxBytes);
        }
        if (size + n > bytes.length) {
            long grown = Math.max(Math.max(bytes.length * 2L, 64), size + n);
            bytes = Arrays.copyOf(bytes, (int) Math.min(maxBytes, grown));
        }
        buf.getBytes(buf.readerIndex(), bytes, size, n);
        size += n;
    }

    private byte[] toArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    /** The body exceeded the configured cap. */
    static final class TooLarge extends RuntimeException {

        private static final long serialVersionUID = 1L;

        TooLarge(int maxBytes) {
            super("the response body is larger than " + maxBytes + " bytes", null, false, false);
        }
    }
}
