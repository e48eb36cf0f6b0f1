package io.relay4j.core.event;

/**
 * Observes what the router does: attempts, fallbacks, health transitions, finished requests.
 * Metrics and logs are listeners too. Called synchronously on the thread where the event happened,
 * which may be a Netty event loop: implementations must be fast, thread-safe and non-blocking, and
 * must not throw (an exception is logged and ignored).
 */
@FunctionalInterface
public interface RouterListener {

    void onEvent(RouterEvent event);
}
