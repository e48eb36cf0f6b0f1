package io.relay4j.redis.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.relay4j.redis.RedisFleetMeterNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** The fleet's meters (see {@link RedisFleetMeterNames}); does nothing without a registry. */
public final class FleetMetrics {

    private final Optional<MeterRegistry> registry;
    private final String namespace;
    private final List<Meter> registered = new CopyOnWriteArrayList<>();
    private final Map<String, Timer> lags = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public FleetMetrics(Optional<MeterRegistry> registry, String namespace) {
        this.registry = registry;
        this.namespace = namespace;
    }

    /** Registers the connected gauge over {@code connected}. */
    public void connectedGauge(BooleanSupplier connected) {
        registry.ifPresent(r -> keep(Gauge.builder(RedisFleetMeterNames.CONNECTED, () -> connected.getAsBoolean() ? 1 : 0)
                .description("1 while the fleet's Redis connections are up")
                .tag(RedisFleetMeterNames.NAMESPACE_TAG, namespace)
                .register(r)));
    }

    public void error(String operation) {
        registry.filter(r -> !closed).ifPresent(r -> keep(Counter.builder(RedisFleetMeterNames.STORE_ERRORS)
                .tag(RedisFleetMeterNames.NAMESPACE_TAG, namespace)
                .tag(RedisFleetMeterNames.OPERATION_TAG, operation)
                .register(r)).increment());
    }

    public void fallback(String kind) {
        registry.filter(r -> !closed).ifPresent(r -> keep(Counter.builder(RedisFleetMeterNames.FALLBACKS)
                .tag(RedisFleetMeterNames.NAMESPACE_TAG, namespace)
                .tag(RedisFleetMeterNames.KIND_TAG, kind)
                .register(r)).increment());
    }

    /**
     * How far behind the fleet's state was for {@code kind} ({@code health}: a record learned elsewhere {@code lag}
     * ago arrived; {@code budget}: Redis acknowledged a local change {@code lag} after it was made); a negative lag
     * (clock skew) counts as zero.
     */
    public void lag(String kind, Duration lag) {
        registry.filter(r -> !closed).ifPresent(r -> lags.computeIfAbsent(kind, k -> keep(
                        Timer.builder(RedisFleetMeterNames.SYNC_LAG)
                                .description("how far behind the fleet's shared state this instance was")
                                .tag(RedisFleetMeterNames.NAMESPACE_TAG, namespace)
                                .tag(RedisFleetMeterNames.KIND_TAG, k)
                                .publishPercentiles(0.5, 0.95, 0.99)
                                .publishPercentileHistogram()
                                .register(r)))
                .record(lag.isNegative() ? Duration.ZERO : lag));
    }

    /** Removes the meters from the registry, as the fleet closes; a session left open registers none again. */
    public void close() {
        closed = true;
        registry.ifPresent(r -> registered.forEach(r::remove));
        registered.clear();
        lags.clear();
    }

    private <M extends Meter> M keep(M meter) {
        if (!registered.contains(meter)) {
            registered.add(meter);
        }
        return meter;
    }
}
