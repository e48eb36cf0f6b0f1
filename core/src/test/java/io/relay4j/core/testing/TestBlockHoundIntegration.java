package io.relay4j.core.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Test-only BlockHound allowances. Writing a test log line to the console or a file is blocking I/O
 * that belongs to the test harness, not to relay4j. Netty's adaptive buffer allocator frees a magazine
 * under a {@code StampedLock} write lock, which may park an event loop for the few instructions another
 * thread holds it; that is a short in-memory critical section, not blocking I/O, and Netty's own BlockHound
 * integration does not list it, so under load BlockHound failed a channel read with it and a healthy stream
 * broke mid-body. Everything else stays forbidden on non-blocking threads.
 */
public final class TestBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "subAppend")
                .allowBlockingCallsInside("java.io.PrintStream", "println")
                .allowBlockingCallsInside("java.io.PrintStream", "print")
                .allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free")
                .allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "free");
    }
}
