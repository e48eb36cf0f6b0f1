package io.relay4j.redis.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The one BlockHound allowance the fleet's TLS tests need, beside core's test allowances. Lettuce builds a fresh
 * {@code SSLContext} for each TLS connection, on its own event loop, and the JDK seeds it from
 * {@code NativePRNG}, which refills its buffer by reading {@code /dev/urandom} whenever the buffer has run out: a file
 * read to BlockHound, but {@code /dev/urandom} never blocks, and relay4j cannot move the call (it is inside
 * Lettuce's channel initialiser). Whether a connection hits it depends on the buffer's state, which made the TLS
 * tests fail now and then. Only that refill is allowed; every other file read stays forbidden.
 */
public final class LettuceTlsBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("sun.security.provider.NativePRNG$RandomIO", "ensureBufferValid");
    }
}
