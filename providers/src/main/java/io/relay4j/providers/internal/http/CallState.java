package io.relay4j.providers.internal.http;

import io.relay4j.core.error.ErrorDetails;
import io.relay4j.providers.internal.ErrorClassifier;
import io.relay4j.providers.internal.HttpCall;
import io.relay4j.providers.internal.HttpReply;
import java.time.Duration;
import java.time.Instant;

/**
 * What one call has seen so far: when it started and the response head, once it arrived. Errors read it
 * to tell a failure before the response (safe to retry) from one after it, and to carry the request id.
 * Written on the connection's event loop, read by timers: fields are volatile.
 *
 * <p>It also hands the encoded request to the prepared sender, once: the request (its body, its key) is not
 * kept for the rest of a call that may stream for minutes.
 */
final class CallState {

    private final String provider;
    private final long startNanos = System.nanoTime();
    private volatile HttpReply head;
    private HttpCall request;

    CallState(String provider, HttpCall request) {
        this.provider = provider;
        this.request = request;
    }

    /** The request to send, handed over once (reactor-netty never resends: retries are disabled). */
    HttpCall takeRequest() {
        HttpCall r = request;
        if (r == null) {
            throw new IllegalStateException("the request of this call was already sent");
        }
        request = null;
        return r;
    }

    void headReceived(HttpReply reply) {
        this.head = reply;
    }

    /** True once the status line and headers arrived. */
    boolean responseStarted() {
        return head != null;
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** The provider, plus status, request id and rate-limit counters once the head arrived. */
    ErrorDetails details() {
        HttpReply h = head;
        if (h == null) {
            return ErrorDetails.of(provider);
        }
        return ErrorClassifier.details(h, Instant.now());
    }
}
