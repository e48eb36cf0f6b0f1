package io.relay4j.providers.internal.http;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads a whole body into a byte array, up to a cap. Each buffer's bytes are copied as it arrives and the
 * buffer is left to reactor-netty, which releases it after delivery; a body over the cap fails with
 * {@link TooLarge}, which cancels the read and so closes the connection.
 */
final class BodyCollector {

    private static final int UNKNOWN_LENGTH_CAPACITY = 256;

    private byte[] bytes;
    private int size;
    private final int maxBytes;

    private BodyCollector(int maxBytes, int declaredLength) {
        this.maxBytes = maxBytes;
        // a declared length sizes the array once and exactly; a wrong one only costs a copy
        this.bytes = new byte[declaredLength < 0 ? UNKNOWN_LENGTH_CAPACITY : Math.min(declaredLength, maxBytes)];
    }

    /**
     * @param declaredLength the {@code content-length} the server announced, or {@code -1}; trusted only to
     *                       size the first array, never as the body's length or as a bound
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
            bytes = Arrays.copyOf(bytes, Math.min(maxBytes, Math.max(Math.max(bytes.length * 2, 64), size + n)));
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
