package io.relay4j.core.spi;

import java.util.Objects;
import reactor.util.context.ContextView;

/**
 * What a provider reports to the router about one call while it runs, besides its answer or error. The
 * router puts one observer per provider call (each hedge its own) into that call's Reactor subscriber
 * context, keyed by {@code ProviderCallObserver.class}; a provider finds it with {@link #of(ContextView)}
 * inside {@code Mono.deferContextual} / {@code Flux.deferContextual}. A call made outside a router has no
 * observer, and {@link #of(ContextView)} then gives {@link #NONE}, which ignores every report.
 *
 * <p>Implementations are thread-safe and never block: a provider may report from any thread, including a
 * network event loop. Reports never carry prompt or answer text.
 */
@FunctionalInterface
public interface ProviderCallObserver {

    /** The observer of a call made outside a router: ignores every report. */
    ProviderCallObserver NONE = reason -> {
    };

    /**
     * The provider skipped one event of its answer that it could not parse (a proxy's junk line, a broken
     * JSON chunk) and went on, instead of failing the call.
     *
     * @param reason why the event could not be read, without any of the event's content
     */
    void malformedEventSkipped(String reason);

    /** The observer the router put into {@code context}, or {@link #NONE} when there is none. */
    static ProviderCallObserver of(ContextView context) {
        Objects.requireNonNull(context, "context must not be null");
        return context.getOrDefault(ProviderCallObserver.class, NONE);
    }
}
