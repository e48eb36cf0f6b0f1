package io.relay4j.core.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Test-only BlockHound allowances. Writing a test log line to the console or a file is blocking I/O
 * that belongs to the test harness, not to relay4j; everything else stays forbidden on non-blocking threads.
 */
public final class TestBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "subAppend")
                .allowBlockingCallsInside("java.io.PrintStream", "println")
                .allowBlockingCallsInside("java.io.PrintStream", "print");
    }
}
