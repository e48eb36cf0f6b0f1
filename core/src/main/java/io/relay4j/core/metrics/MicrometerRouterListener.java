package io.relay4j.core.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.cost.PricingTable;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.event.RouterEvent.AttemptFinished;
import io.relay4j.core.event.RouterEvent.Fallback;
import io.relay4j.core.event.RouterEvent.MalformedEventSkipped;
import io.relay4j.core.event.RouterEvent.ProviderEjected;
import io.relay4j.core.event.RouterEvent.RequestFinished;
import io.relay4j.core.event.RouterEvent.StateTransition;
import io.relay4j.core.event.RouterListener;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns router events into Micrometer meters: the OpenTelemetry GenAI client meters and relay4j's
 * own, all listed in {@link RouterMeterNames}. Register it on the router only when a
 * {@link MeterRegistry} is configured: without it, no meter exists.
 *
 * <p>Guarantees: tags are low-cardinality (provider, vendor and model names, states, error types),
 * never prompt, answer or key text; each event costs a few map lookups and no blocking, so it may
 * run on a Netty event loop; thread-safe. A model tag never takes the model id a server reported as it
 * came: it is the {@linkplain Builder#pricing pricing table}'s model when the table prices the reported id,
 * else the model the request asked for or the provider was configured with, so a server that reports a
 * new id per call cannot grow the number of meters. The request model tag is the event's
 * {@code requestedModel}, which the router bounds the same way (a model a provider declares, or the table's
 * model for a name no provider declares, else the provider's configured model).
 *
 * <pre>{@code
 * RouterListener metrics = MicrometerRouterListener.builder(registry).budgets(budgetTracker).build();
 * }</pre>
 */
public final class MicrometerRouterListener implements RouterListener {

    private final GenAiClientMeters genAi;
    private final RoutingMeters routing;
    private final ConcurrencyLimitMeters limits;

    private MicrometerRouterListener(Builder builder) {
        this.genAi = new GenAiClientMeters(builder.registry, builder.pricing);
        this.routing = new RoutingMeters(builder.registry, builder.pricing);
        this.limits = new ConcurrencyLimitMeters(builder.registry);
        builder.budgets.ifPresent(tracker -> BudgetMeters.bind(tracker, builder.registry));
    }

    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    @Override
    public void onEvent(RouterEvent event) {
        if (event instanceof AttemptFinished attempt) {
            genAi.record(attempt);
            routing.record(attempt);
        } else if (event instanceof Fallback fallback) {
            routing.record(fallback);
        } else if (event instanceof StateTransition transition) {
            routing.record(transition);
        } else if (event instanceof ProviderEjected ejected) {
            routing.record(ejected);
        } else if (event instanceof RequestFinished finished) {
            routing.record(finished);
        } else if (event instanceof MalformedEventSkipped skipped) {
            routing.record(skipped);
        } else if (event instanceof RouterEvent.ConcurrencyLimitChanged limit) {
            limits.record(limit);
        }
    }

    /** Configures a {@link MicrometerRouterListener}. */
    public static final class Builder {

        private final MeterRegistry registry;
        private Optional<BudgetTracker> budgets = Optional.empty();
        private PricingTable pricing = PricingTable.defaults();

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry must not be null");
        }

        /** Also publishes the spending of every budget of {@code tracker} as gauges. */
        public Builder budgets(BudgetTracker tracker) {
            this.budgets = Optional.of(Objects.requireNonNull(tracker, "tracker must not be null"));
            return this;
        }

        /**
         * The pricing table whose models the model tags may take (the router passes its own); by default
         * {@link PricingTable#defaults()}.
         */
        public Builder pricing(PricingTable pricing) {
            this.pricing = Objects.requireNonNull(pricing, "pricing table must not be null");
            return this;
        }

        /** Builds the listener and registers the budget gauges. */
        public MicrometerRouterListener build() {
            return new MicrometerRouterListener(this);
        }
    }
}
