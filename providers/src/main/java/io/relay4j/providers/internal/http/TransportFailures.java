package io.relay4j.providers.internal.http;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.error.TransportError;
import io.relay4j.providers.internal.Redactor;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Maps what the network threw to the taxonomy. Whether the response had started decides
 * {@link TransportError#beforeResponse()}: before it, the vendor did no work a retry could repeat.
 *
 * <ul>
 *   <li>connect timeout: {@code Timeout(CONNECT)}; no bytes between reads: {@code Timeout(RESPONSE_HEADERS)}
 *       before the head, {@code Timeout(IDLE)} after it;</li>
 *   <li>refused, unreachable, DNS, TLS handshake: {@code TransportError(beforeResponse=true)};</li>
 *   <li>reset, premature close, anything else: {@code TransportError} before or after the response;</li>
 *   <li>an {@link LlmException} passes through unchanged.</li>
 * </ul>
 */
final class TransportFailures {

    private TransportFailures() {
    }

    static LlmException map(Throwable t, CallState call, Redactor redactor) {
        if (t instanceof LlmException e) {
            return e;
        }
        ErrorDetails details = call.details();
        boolean before = !call.responseStarted();
        Throwable cause = rootCause(t);
        if (cause instanceof ConnectTimeoutException) {
            return new Timeout("connecting took too long", details, Timeout.Kind.CONNECT, t);
        }
        if (cause instanceof ReadTimeoutException) {
            return before
                    ? new Timeout("no response headers in time", details, Timeout.Kind.RESPONSE_HEADERS, t)
                    : new Timeout("the response body went silent", details, Timeout.Kind.IDLE, t);
        }
        if (cause instanceof UnknownHostException) {
            return new TransportError("unknown host (DNS)", details, true, t);
        }
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
            return new TransportError("connection refused or unreachable: " + describe(cause, redactor), details, true, t);
        }
        if (cause instanceof SSLException) {
            return new TransportError("TLS failure: " + describe(cause, redactor), details, true, t);
        }
        if (isPoolRefusal(t)) {
            return new TransportError("no pooled connection available: " + describe(t, redactor), details, true, t);
        }
        String when = before ? " before the response" : " during the response";
        if (t instanceof PrematureCloseException || cause instanceof ClosedChannelException) {
            return new TransportError("connection closed" + when, details, before, t);
        }
        return new TransportError("connection failed" + when + ": " + describe(cause, redactor), details, before, t);
    }

    private static boolean isPoolRefusal(Throwable t) {
        // reactor-netty shades reactor-pool: match the exception by name rather than its shaded type
        String name = t.getClass().getSimpleName();
        return name.equals("PoolAcquireTimeoutException") || name.equals("PoolAcquirePendingLimitException");
    }

    private static String describe(Throwable t, Redactor redactor) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : " (" + redactor.scrub(message) + ")");
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        int depth = 0;
        while (c.getCause() != null && c.getCause() != c && depth++ < 10) {
            if (c instanceof ConnectTimeoutException || c instanceof ReadTimeoutException
                    || c instanceof UnknownHostException || c instanceof SSLException) {
                return c;
            }
            c = c.getCause();
        }
        return c;
    }
}
