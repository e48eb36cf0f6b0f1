package io.relay4j.simulator.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * What a dialect needs to render headers and error bodies for one request.
 *
 * @param requestId     the id sent in the vendor's request-id header and error body
 * @param requestNumber how many requests the server has received, this one included (drives "remaining" headers)
 * @param now           the server clock
 * @param inputTokens   estimated prompt tokens, 0 when unknown
 * @param retryAfter    what a 429 asks the client to wait
 */
record ReplyContext(String requestId, long requestNumber, Instant now, int inputTokens, Duration retryAfter) {

    /** {@link #retryAfter()} rounded up to whole seconds, as the {@code retry-after} header carries it. */
    public long retryAfterSeconds() {
        long seconds = retryAfter.getSeconds();
        return retryAfter.getNano() > 0 ? seconds + 1 : seconds;
    }

    /** What a per-minute limit of {@code limit} requests has left after this one, cycling as requests go on. */
    long remainingOf(long limit) {
        return limit - 1 - (requestNumber - 1) % limit;
    }
}
