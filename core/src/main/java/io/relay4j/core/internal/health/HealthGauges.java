package io.relay4j.core.internal.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.relay4j.core.metrics.RouterMeterNames;
import io.relay4j.core.metrics.RouterTagKeys;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.DoubleSupplier;

/**
 * The gauges that read a provider's health state directly (its window failure rate), registered as the provider
 * is added to the router and removed with it. Events cannot carry a value that changes between calls, so these
 * read the router's state when scraped.
 */
public final class HealthGauges {

    /** No registry: no gauge. */
    public static final HealthGauges NONE = new HealthGauges(null);

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Gauge> gauges = new ConcurrentHashMap<>();

    private HealthGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    public static HealthGauges of(MeterRegistry registry) {
        return new HealthGauges(registry);
    }

    /** Publishes the provider's window failure rate, read from {@code failureRate} at each scrape. */
    public void add(String provider, DoubleSupplier failureRate) {
        if (registry == null) {
            return;
        }
        Gauge gauge = Gauge.builder(RouterMeterNames.WINDOW_FAILURE_RATE.getName(), failureRate,
                        DoubleSupplier::getAsDouble)
                .tag(RouterTagKeys.PROVIDER.asString(), provider)
                .strongReference(true)
                .register(registry);
        gauges.put(provider, gauge);
    }

    /** The provider left the router: its gauge goes too. */
    public void remove(String provider) {
        Gauge gauge = gauges.remove(provider);
        if (gauge != null) {
            registry.remove(gauge);
        }
    }
}
