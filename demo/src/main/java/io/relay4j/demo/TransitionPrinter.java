package io.relay4j.demo;

import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.event.RouterListener;
import java.util.Locale;

/** Prints each provider health change as it happens, between the live lines. */
final class TransitionPrinter implements RouterListener {

    private final long startNanos = System.nanoTime();

    @Override
    public void onEvent(RouterEvent event) {
        if (event instanceof RouterEvent.StateTransition t) {
            System.out.printf(Locale.ROOT, "        %5.1f s  %s: %s -> %s%s%s%n",
                    (System.nanoTime() - startNanos) / 1e9, t.provider(),
                    t.from().name().toLowerCase(Locale.ROOT), t.to().name().toLowerCase(Locale.ROOT),
                    t.cause().map(c -> " after " + c.tag()).orElse(""),
                    t.cooldown().map(d -> String.format(Locale.ROOT, ", cooling down %.1f s", d.toMillis() / 1000.0))
                            .orElse(""));
        }
    }
}
