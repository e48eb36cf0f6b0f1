package io.relay4j.core.internal.router;

import io.relay4j.core.error.LlmException;
import io.relay4j.core.error.TransportError;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/**
 * Tells a dead endpoint (no connection could be opened: refused, unknown host, no route) from a transport fault
 * of a live one (a reset). The first ejects the provider at once, since every further request would fail the
 * same way; the second is ordinary noise.
 */
final class DeadEndpoint {

    private static final int MAX_DEPTH = 8;

    private DeadEndpoint() {
    }

    static boolean is(LlmException error) {
        if (!(error instanceof TransportError) || !((TransportError) error).beforeResponse()) {
            return false;
        }
        Throwable cause = error.getCause();
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return true;
            }
            cause = cause.getCause();
        }
        return false;
    }
}
