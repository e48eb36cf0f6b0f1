package io.relay4j.core.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.relay4j.core.event.RouterEvent.ConcurrencyLimitChanged;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code relay4j.provider.concurrency.limit} gauge: each limited provider's current concurrency limit, from
 * its {@link ConcurrencyLimitChanged} events (the first when the provider is added with a limit). One gauge per
 * provider name: the tag values are the router's provider names, a bounded set.
 */
final class ConcurrencyLimitMeters {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, AtomicInteger> limits = new ConcurrentHashMap<>();

    ConcurrencyLimitMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(ConcurrencyLimitChanged event) {
        limits.computeIfAbsent(event.provider(), name -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(RouterMeterNames.CONCURRENCY_LIMIT.getName(), value, AtomicInteger::get)
                    .tag(RouterTagKeys.PROVIDER.asString(), name)
                    .strongReference(true)
                    .register(registry);
            return value;
        }).set(event.limit());
    }
}
