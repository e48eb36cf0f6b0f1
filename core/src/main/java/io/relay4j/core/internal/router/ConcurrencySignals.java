package io.relay4j.core.internal.router;

import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.Overloaded;
import io.relay4j.core.error.RateLimited;

/** Which failures tell an adaptive concurrency limit that the vendor is taking too many calls at once. */
final class ConcurrencySignals {

    private ConcurrencySignals() {
    }

    /**
     * A rate limit (not a spent quota, which no lower concurrency cures) or an overload; every other failure
     * (a ban, a bad request, a server error, a timeout) leaves the limit alone.
     */
    static boolean isThrottle(LlmException failure) {
        return failure instanceof RateLimited limited ? !limited.quotaExhausted() : failure instanceof Overloaded;
    }
}
