package io.relay4j.core.internal.router;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.internal.strategy.ProviderStats;
import io.relay4j.core.internal.strategy.ProviderStatsRegistry;
import io.relay4j.core.router.ProviderOptions;

/**
 * A provider as the router holds it: the provider, what it declared about itself (read once, when it was
 * added), the options it was added with and the deadlines they resolve to, and its health.
 */
public final class ProviderSlot {

    private final LlmProvider provider;
    private final String name;
    private final ProviderInfo info;
    private final HealthTracker health;
    private final ProviderOptions options;
    private final AttemptDeadlines deadlines;
    private volatile boolean removed;
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

    void markRemoved() {
        removed = true;
    }

    /** False when the provider declared a context window the request's estimated tokens do not fit. */
    public boolean fits(long estimatedTokens) {
        return info.contextWindowTokens().isEmpty() || estimatedTokens <= info.contextWindowTokens().getAsInt();
    }
}
