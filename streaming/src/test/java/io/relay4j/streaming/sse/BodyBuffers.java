package io.relay4j.streaming.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Makes response bodies out of direct buffers and checks afterwards that the decoder released every one.
 * Unpooled direct buffers are tracked by Netty's leak detector and, unlike pooled ones, never recycled, so a
 * released buffer's {@code refCnt()} stays 0.
 */
final class BodyBuffers {

    private final List<ByteBuf> created = new ArrayList<>();

    /** A body emitting one buffer per part; buffers are allocated only when emitted, as a network read would. */
    Flux<ByteBuf> body(String... parts) {
        return bodyOfBytes(Arrays.stream(parts).map(BodyBuffers::utf8).toList());
    }

    /** A body emitting {@code bytes} cut at the given offsets (ascending). */
    Flux<ByteBuf> split(byte[] bytes, int... cuts) {
        List<byte[]> parts = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            parts.add(Arrays.copyOfRange(bytes, from, cut));
            from = cut;
        }
        parts.add(Arrays.copyOfRange(bytes, from, bytes.length));
        return bodyOfBytes(parts);
    }

    Flux<ByteBuf> bodyOfBytes(List<byte[]> parts) {
        return Flux.fromIterable(parts).map(this::buffer);
    }

    synchronized ByteBuf buffer(byte[] bytes) {
        ByteBuf buf = Unpooled.directBuffer(Math.max(1, bytes.length));
        buf.writeBytes(bytes);
        created.add(buf);
        return buf;
    }

    ByteBuf buffer(String text) {
        return buffer(utf8(text));
    }

    synchronized int count() {
        return created.size();
    }

    synchronized void assertAllReleased() {
        assertThat(created).allSatisfy(buf -> assertThat(buf.refCnt()).as("refCnt of a body buffer").isZero());
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
