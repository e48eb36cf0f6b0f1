package io.relay4j.core.internal.router;

import io.relay4j.core.event.LoggingRouterListener;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.event.RouterListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;

/**
 * Hands each event to every listener in turn. A listener that throws is logged and ignored, so a broken
 * listener can never fail a request: the first failure of each listener at WARN with its stack trace,
 * later ones at DEBUG so a listener broken under load cannot flood the log.
 */
public final class EventDispatcher implements Consumer<RouterEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

    private final RouterListener[] listeners;
    private final boolean[] warned;
    private final boolean lifecycleWanted;

    public EventDispatcher(List<RouterListener> listeners) {
        this.listeners = listeners.toArray(new RouterListener[0]);
        this.warned = new boolean[this.listeners.length];
        this.lifecycleWanted = listeners.stream().anyMatch(listener -> !(listener instanceof LoggingRouterListener));
    }

    /** False when nobody listens, so callers can skip building events. */
    public boolean active() {
        return listeners.length > 0;
    }

    /**
     * False when nobody but the default {@link LoggingRouterListener} listens, which ignores the request and
     * attempt lifecycle events ({@code RequestStarted}, {@code AttemptStarted}, {@code AttemptFinished},
     * {@code RequestFinished}): callers skip building those, the most frequent events, for nobody.
     */
    public boolean lifecycleWanted() {
        return lifecycleWanted;
    }

    @Override
    public void accept(RouterEvent event) {
        for (int i = 0; i < listeners.length; i++) {
            try {
                listeners[i].onEvent(event);
            } catch (Throwable t) {
                Exceptions.throwIfJvmFatal(t);
                report(i, event, t);
            }
        }
    }

    private void report(int index, RouterEvent event, Throwable t) {
        String what = event.getClass().getSimpleName();
        if (!warned[index]) {
            // a benign race: at worst a second early failure is also logged at WARN
            warned[index] = true;
            LOG.warn("router listener {} failed on {} and was ignored", listeners[index].getClass().getName(), what, t);
        } else {
            LOG.debug("router listener {} failed on {} and was ignored", listeners[index].getClass().getName(), what, t);
        }
    }
}
