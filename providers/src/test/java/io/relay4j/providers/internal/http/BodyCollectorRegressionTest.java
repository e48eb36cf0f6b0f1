package io.relay4j.providers.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * Review 2026-11-30 §5.9: the first body array trusted {@code content-length} up to {@code maxResponseBytes}, so
 * an error reply that announced 8 MiB reserved 8 MiB before a byte arrived. Memory now follows the bytes that
 * arrived: a declared length reserves at most 64 KiB, and a real body past that still arrives whole.
 */
class BodyCollectorRegressionTest {

    private static final int EIGHT_MIB = 8 * 1024 * 1024;

    @Test
    void aLargeDeclaredLengthReservesAtMost64KiB() {
        assertThat(BodyCollector.initialCapacity(EIGHT_MIB, EIGHT_MIB)).isEqualTo(64 * 1024);
        assertThat(BodyCollector.initialCapacity(EIGHT_MIB, 1_000)).as("a small declared length sizes it exactly")
                .isEqualTo(1_000);
        assertThat(BodyCollector.initialCapacity(512, 4_096)).as("never above the cap").isEqualTo(512);
        assertThat(BodyCollector.initialCapacity(EIGHT_MIB, -1)).as("no declared length").isEqualTo(256);
    }

    @Test
    void aReplyThatAnnounces8MiBButSendsAFewBytesDoesNotAllocate8MiB() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        // warm up the pipeline's classes so the measured run allocates only what the collector asks for
        collect(List.of(bytes(10, 1)), EIGHT_MIB, 10);
        long before = threads.getThreadAllocatedBytes(tid);
        byte[] body = collect(List.of(bytes(100, 2)), EIGHT_MIB, EIGHT_MIB);
        long allocated = threads.getThreadAllocatedBytes(tid) - before;

        assertThat(body).isEqualTo(bytes(100, 2));
        assertThat(allocated).as("bytes allocated to collect a 100-byte body announced as 8 MiB")
                .isLessThan(1024 * 1024);
    }

    @Test
    void aBodyLargerThanTheInitialCapacityGrowsAsItArrivesAndArrivesWhole() {
        List<byte[]> parts = new ArrayList<>();
        byte[] expected = new byte[0];
        for (int i = 0; i < 40; i++) {
            byte[] part = bytes(8_191, i);
            parts.add(part);
            byte[] joined = new byte[expected.length + part.length];
            System.arraycopy(expected, 0, joined, 0, expected.length);
            System.arraycopy(part, 0, joined, expected.length, part.length);
            expected = joined;
        }

        assertThat(collect(parts, EIGHT_MIB, expected.length)).isEqualTo(expected);
        assertThat(collect(parts, EIGHT_MIB, -1)).isEqualTo(expected);
        assertThat(collect(parts, EIGHT_MIB, 10)).as("a declared length smaller than the body").isEqualTo(expected);
    }

    @Test
    void aBodyOverTheCapStillFailsWhateverItsDeclaredLength() {
        Flux<ByteBuf> body = Flux.fromIterable(List.of(bytes(40_000, 1), bytes(40_000, 2))).map(Unpooled::wrappedBuffer);
        StepVerifier.create(BodyCollector.collect(body, 70_000, 10))
                .expectError(BodyCollector.TooLarge.class)
                .verify();
    }

    private static byte[] collect(List<byte[]> parts, int maxBytes, int declaredLength) {
        List<byte[]> out = new ArrayList<>();
        Flux<ByteBuf> body = Flux.fromIterable(parts).map(Unpooled::wrappedBuffer);
        StepVerifier.create(BodyCollector.collect(body, maxBytes, declaredLength))
                .consumeNextWith(out::add)
                .verifyComplete();
        return out.get(0);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
