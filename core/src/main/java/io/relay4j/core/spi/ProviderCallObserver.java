package io.relay4j.core.spi;

import io.relay4j.core.error.RateLimitInfo;
import java.util.Objects;
import reactor.util.context.ContextView;

/**
 * What a provider reports to the router about one call while it runs, besides its answer or error. The
 * router puts one observer per provider call (each hedge its own) into that call's Reactor subscriber
 * context, keyed by {@code ProviderCallObserver.class}; a provider finds it with {@link #of(ContextView)}
 * inside {@code Mono.deferContextual} / {@code Flux.deferContextual}. A call made outside a router has no
 * observer, and {@link #of(ContextView)} then gives {@link #NONE}, which ignores every report.
 *
 * <p>Reports besides {@link #malformedEventSkipped(String)} have default methods that ignore them, so a new
 * kind of report never breaks an observer written for the old ones.
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

    /**
     * True when this observer reads the rate-limit counters of successful replies
     * ({@link #rateLimitReported(RateLimitInfo)}): a provider may skip parsing them otherwise. False by default;
     * the router's observer says true for a provider with an adaptive concurrency limit.
     */
    default boolean wantsRateLimits() {
        return false;
    }

    /**
     * A successful reply stated the vendor's rate-limit counters ({@code x-ratelimit-*},
     * {@code anthropic-ratelimit-*}); reported once per call, as the reply's headers arrive, only when
     * {@link #wantsRateLimits()} and the reply carried any. The router lowers an adaptive concurrency limit when
     * the vendor's window is nearly spent. Ignored by default.
     *
     * @param counters the counters as parsed, resets relative to when the reply arrived
     */
    default void rateLimitReported(RateLimitInfo counters) {
    }

    /** The observer the router put into {@code context}, or {@link #NONE} when there is none. */
    static ProviderCallObserver of(ContextView context) {
        Objects.requireNonNull(context, "context must not be null");
        return context.getOrDefault(ProviderCallObserver.class, NONE);
    }
}
