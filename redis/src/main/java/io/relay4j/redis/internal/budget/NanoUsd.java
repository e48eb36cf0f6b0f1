package io.relay4j.redis.internal.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Amounts as whole nano-USD in a {@code long}: exact sums (no float drift, and Redis stores them as the integers
 * they are) up to 9.2 billion USD. An amount finer than a nano-USD is rounded up, so a budget is never
 * under-counted; a reservation and its give-back round the same way, so they cancel exactly.
 */
final class NanoUsd {

    private static final int SCALE = 9;

    private NanoUsd() {
    }

    static long of(BigDecimal usd) {
        return usd.movePointRight(SCALE).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    static BigDecimal usd(long nanos) {
        return BigDecimal.valueOf(nanos, SCALE);
    }
}
