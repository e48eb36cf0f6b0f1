package io.relay4j.core.internal.router;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.internal.strategy.ProviderStats;
import io.relay4j.core.internal.strategy.ProviderStatsRegistry;
import io.relay4j.core.router.ProviderOptions;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider as the router holds it: the provider, what it declared about itself (read once, when it was
 * added), the options it was added with and the deadlines they resolve to, its health, and its calls in flight.
 *
 * <p>Lifecycle: the router owns the provider. Once the slot is {@linkplain #retire() retired} (the provider
 * removed, or the router closed) no request starts a call on it, the calls in flight run to their end, and
 * the provider is closed when the last of them ends (at once when none is in flight); never by blocking,
 * and exactly once.
 */
public final class ProviderSlot {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderSlot.class);
    private static final AtomicIntegerFieldUpdater<ProviderSlot> IN_FLIGHT =
            AtomicIntegerFieldUpdater.newUpdater(ProviderSlot.class, "inFlight");
    private static final AtomicIntegerFieldUpdater<ProviderSlot> CLOSED =
            AtomicIntegerFieldUpdater.newUpdater(ProviderSlot.class, "closed");

    private final LlmProvider provider;
    private final String name;
    private final ProviderInfo info;
    private final HealthTracker health;
    private final ProviderOptions options;
    private final AttemptDeadlines deadlines;
    private volatile boolean removed;
    private volatile int inFlight;
    private volatile int closed;
    private ProviderStats stats;

    ProviderSlot(LlmProvider provider, HealthTracker health, ProviderOptions options, AttemptDeadlines deadlines,
                 ProviderStats stats) {
        this.provider = provider;
        this.name = provider.name();
        this.info = provider.info();
        this.health = health;
        this.options = options;
        this.deadlines = deadlines;
        this.stats = stats;
    }

    public LlmProvider provider() {
        return provider;
    }

    public String name() {
        return name;
    }

    public ProviderInfo info() {
        return info;
    }

    public HealthTracker health() {
        return health;
    }

    /** The options the provider was added with. */
    public ProviderOptions options() {
        return options;
    }

    /** The deadlines of every attempt on this provider: the router's, with the provider's overrides. */
    public AttemptDeadlines deadlines() {
        return deadlines;
    }

    /**
     * This provider's stats in {@code registry}, the router's only one: looked up by name once, then kept (the
     * registry never replaces a provider's stats, so a racing second lookup finds the same object).
     */
    public ProviderStats stats(ProviderStatsRegistry registry) {
        ProviderStats known = stats;
        if (known == null) {
            known = registry.of(name);
            stats = known;
        }
        return known;
    }

    /** True once the provider was removed from the router; requests already routed pass it over. */
    public boolean removed() {
        return removed;
    }

    /**
     * Takes the provider out of service for good: new requests pass it over, and it is closed once its calls
     * in flight have ended. Either this sees no call in flight, or the last call to end sees the retirement.
     */
    void retire() {
        removed = true;
        if (inFlight == 0) {
            closeProvider();
        }
    }

    /** A call to the provider starts; pairs with {@link #callEnded()}. */
    void callStarted() {
        IN_FLIGHT.incrementAndGet(this);
    }

    /** A call to the provider ended (answered, failed or cancelled); the last one closes a retired provider. */
    void callEnded() {
        if (IN_FLIGHT.decrementAndGet(this) == 0 && removed) {
            closeProvider();
        }
    }

    /** The calls to this provider in progress now. */
    public int inFlight() {
        return inFlight;
    }

    /** True once the provider has been closed (it was retired and its calls in flight have ended). */
    public boolean closed() {
        return closed != 0;
    }

    private void closeProvider() {
        if (!CLOSED.compareAndSet(this, 0, 1)) {
            return;
        }
        try {
            provider.close();
        } catch (Exception | LinkageError e) {
            // one provider failing to close must not keep the router from closing the others
            LOG.warn("provider '{}' failed to close: {}", name, e.getClass().getName());
        }
    }

    /** False when the provider declared a context window the request's estimated tokens do not fit. */
    public boolean fits(long estimatedTokens) {
        return info.contextWindowTokens().isEmpty() || estimatedTokens <= info.contextWindowTokens().getAsInt();
    }
}
