package io.relay4j.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.relay4j.core.Attempt;
import io.relay4j.core.cost.PricingTable;
import io.relay4j.core.error.InvalidOutput;
import io.relay4j.core.event.RouterEvent.AttemptFinished;
import io.relay4j.core.event.RouterEvent.Fallback;
import io.relay4j.core.event.RouterEvent.MalformedEventSkipped;
import io.relay4j.core.event.RouterEvent.ProviderEjected;
import io.relay4j.core.event.RouterEvent.RequestFinished;
import io.relay4j.core.event.RouterEvent.StateTransition;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.internal.telemetry.ModelTag;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The router's own {@code relay4j.*} meters: attempts, invalid tool calls, fallbacks, hedges, health, cost, requests. */
final class RoutingMeters {

    private final MeterRegistry registry;
    private final PricingTable pricing;
    private final ConcurrentMap<String, AtomicInteger> availability = new ConcurrentHashMap<>();

    RoutingMeters(MeterRegistry registry, PricingTable pricing) {
        this.registry = registry;
        this.pricing = pricing;
    }

    void record(AttemptFinished event) {
        Attempt attempt = event.attempt();
        counter(RouterMeterNames.ATTEMPTS, Tags.of(
                RouterTagKeys.PROVIDER.asString(), attempt.provider(),
                RouterTagKeys.KIND.asString(), lower(attempt.kind()),
                RouterTagKeys.OUTCOME.asString(), lower(attempt.outcome()),
                RouterTagKeys.ERROR_TYPE.asString(), attempt.errorType().map(type -> type.tag()).orElse(""),
                RouterTagKeys.SKIP_REASON.asString(), attempt.skipReason().map(RoutingMeters::lower).orElse("")))
                .increment();
        attempt.error().filter(InvalidOutput.class::isInstance).map(error -> ((InvalidOutput) error).reason())
                .filter(InvalidOutput.Reason::isToolCall)
                .ifPresent(reason -> counter(RouterMeterNames.INVALID_TOOL_CALLS, Tags.of(
                        RouterTagKeys.PROVIDER_NAME.asString(), event.provider().vendor(),
                        RouterTagKeys.PROVIDER.asString(), attempt.provider(),
                        RouterTagKeys.REASON.asString(), reason.tag())).increment());
        if (attempt.isHedge() && attempt.outcome() != Attempt.Outcome.SKIPPED) {
            hedge(attempt.provider(), "fired");
            hedge(attempt.provider(), switch (attempt.outcome()) {
                case SUCCESS -> "won";
                case CANCELLED -> "cancelled";
                default -> "failed";
            });
        }
        attempt.cost().filter(cost -> cost.signum() > 0).ifPresent(cost -> counter(RouterMeterNames.COST, Tags.of(
                RouterTagKeys.PROVIDER.asString(), attempt.provider(),
                RouterTagKeys.MODEL.asString(), ModelTag.responded(pricing, event.provider(), event.requestedModel(),
                        event.responseModel()).orElseGet(() -> ModelTag.requested(event.provider(),
                        event.requestedModel()))))
                .increment(cost.doubleValue()));
        boolean skippedAsUnavailable = attempt.skipReason()
                .filter(reason -> reason == Attempt.SkipReason.COOLING_DOWN || reason == Attempt.SkipReason.DISABLED)
                .isPresent();
        availabilityOf(attempt.provider(), skippedAsUnavailable ? 0 : 1);
    }

    void record(Fallback event) {
        counter(RouterMeterNames.FALLBACKS, Tags.of(RouterTagKeys.FROM.asString(), event.from(),
                RouterTagKeys.TO.asString(), event.to(), RouterTagKeys.REASON.asString(), event.reason()))
                .increment();
    }

    void record(StateTransition event) {
        counter(RouterMeterNames.STATE_TRANSITIONS, Tags.of(RouterTagKeys.PROVIDER.asString(), event.provider(),
                RouterTagKeys.FROM.asString(), lower(event.from()), RouterTagKeys.TO.asString(), lower(event.to())))
                .increment();
        availabilityOf(event.provider(), isAvailable(event.to()) ? 1 : 0).set(isAvailable(event.to()) ? 1 : 0);
    }

    void record(ProviderEjected event) {
        counter(RouterMeterNames.EJECTIONS, Tags.of(RouterTagKeys.PROVIDER.asString(), event.provider(),
                RouterTagKeys.REASON.asString(), event.reason().tag())).increment();
    }

    void record(RequestFinished event) {
        String operation = lower(event.operation());
        String outcome = event.errorType().isPresent() ? "failed" : "success";
        counter(RouterMeterNames.REQUESTS, Tags.of(RouterTagKeys.OPERATION.asString(), operation,
                RouterTagKeys.OUTCOME.asString(), outcome,
                RouterTagKeys.ERROR_TYPE.asString(), event.errorType().map(type -> type.tag()).orElse("")))
                .increment();
        Timer.builder(RouterMeterNames.REQUEST_DURATION.getName())
                .tags(RouterTagKeys.OPERATION.asString(), operation, RouterTagKeys.OUTCOME.asString(), outcome)
                .register(registry).record(event.total());
        Timer.builder(RouterMeterNames.ROUTER_OVERHEAD.getName())
                .tags(RouterTagKeys.OPERATION.asString(), operation)
                .register(registry).record(event.overhead());
    }

    void record(MalformedEventSkipped event) {
        counter(RouterMeterNames.MALFORMED_EVENTS_SKIPPED, Tags.of(RouterTagKeys.PROVIDER.asString(), event.provider()))
                .increment();
    }

    /** The provider's availability gauge, registered with {@code initial} the first time the provider is seen. */
    private AtomicInteger availabilityOf(String provider, int initial) {
        return availability.computeIfAbsent(provider, name -> {
            AtomicInteger value = new AtomicInteger(initial);
            Gauge.builder(RouterMeterNames.PROVIDER_AVAILABLE.getName(), value, AtomicInteger::get)
                    .tag(RouterTagKeys.PROVIDER.asString(), name)
                    .strongReference(true)
                    .register(registry);
            return value;
        });
    }

    private static boolean isAvailable(HealthState state) {
        return state == HealthState.HEALTHY || state == HealthState.HALF_OPEN;
    }

    private void hedge(String provider, String result) {
        counter(RouterMeterNames.HEDGES, Tags.of(RouterTagKeys.PROVIDER.asString(), provider,
                RouterTagKeys.RESULT.asString(), result)).increment();
    }

    private Counter counter(RouterMeterNames meter, Tags tags) {
        return Counter.builder(meter.getName()).baseUnit(meter.getBaseUnit()).tags(tags).register(registry);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
