package io.relay4j.core.testing;

import org.reactivestreams.tck.TestEnvironment;

/**
 * The Reactive Streams TCK's environment for relay4j's operator verifications. The publishers under test
 * signal synchronously (their sources emit on request, and timers run on virtual time), so waiting for a
 * signal returns as soon as it arrives: the generous signal timeout only absorbs a loaded machine's pauses,
 * while the no-signal wait, which every "nothing more arrives" check spends in full, stays short.
 */
public final class Tck {

    /** How long the TCK waits for a signal it expects. */
    public static final long SIGNAL_TIMEOUT_MILLIS = 1_000;
    /** How long the TCK watches for a signal that must not come. */
    public static final long NO_SIGNAL_TIMEOUT_MILLIS = 50;
    /** How often the TCK looks again while it waits for a signal in a polling loop. */
    public static final long POLL_TIMEOUT_MILLIS = 10;

    private Tck() {
    }

    public static TestEnvironment environment() {
        return new TestEnvironment(SIGNAL_TIMEOUT_MILLIS, NO_SIGNAL_TIMEOUT_MILLIS, POLL_TIMEOUT_MILLIS);
    }
}
