package io.relay4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

// The guard is exercised through its detection method: registering it here would fail this class on purpose.
class NettyLeakGuardTest {

    @Test
    void aBufferDroppedWithoutReleaseIsReportedWithItsAllocationSite() {
        int mark = NettyLeakGuard.mark();

        leakOneBuffer();

        assertThat(NettyLeakGuard.surfaceLeaksSince(mark))
                .isNotEmpty()
                .anySatisfy(report -> assertThat(report).contains("LEAK").contains("leakOneBuffer"));
    }

    @Test
    void theGuardFailsWithTheLeakRecordsWhenABufferLeaked() {
        int mark = NettyLeakGuard.mark();

        leakOneBuffer();

        assertThatThrownBy(() -> NettyLeakGuard.assertNoLeaksSince(mark, "LeakyScenarios"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("while LeakyScenarios ran")
                .hasMessageContaining("leakOneBuffer");
    }

    @Test
    void buffersReleasedExactlyOnceLeaveNoReport() {
        int mark = NettyLeakGuard.mark();

        for (int i = 0; i < 100; i++) {
            ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64);
            buf.writeLong(i);
            buf.release();
        }

        assertThat(NettyLeakGuard.surfaceLeaksSince(mark)).isEmpty();
        NettyLeakGuard.assertNoLeaksSince(mark, "CleanScenarios");
    }

    private static void leakOneBuffer() {
        // unpooled heap buffers are left to the garbage collector and never tracked: use a pooled one
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.heapBuffer(16);
        buf.writeInt(42); // an access record, so the report shows where the buffer was used
        buf.readInt();
    }
}
