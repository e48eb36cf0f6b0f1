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

    private byte[] bytes = new byte[256];
    private int size;
    private final int maxBytes;

    private BodyCollector(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    static Mono<byte[]> collect(Flux<ByteBuf> body, int maxBytes) {
        return body.collect(() -> new BodyCollector(maxBytes), BodyCollector::append).map(BodyCollector::toArray);
    }

    private void append(ByteBuf buf) {
        int n = buf.readableBytes();
        if (size + (long) n > maxBytes) {
            throw new TooLarge(maxBytes);
        }
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(maxBytes, Math.max(bytes.length * 2, size + n)));
        }
        buf.getBytes(buf.readerIndex(), bytes, size, n);
        size += n;
    }

    private byte[] toArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** The body exceeded the configured cap. */
    static final class TooLarge extends RuntimeException {

        private static final long serialVersionUID = 1L;

        TooLarge(int maxBytes) {
            super("the response body is larger than " + maxBytes + " bytes", null, false, false);
        }
    }
}
