package io.relay4j.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.event.RouterListener;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.core.validation.OutputValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts the router together: the configured providers in the order written, each replaced by the application's
 * {@link LlmProvider} bean of the same name when there is one, then the application's other provider beans; the
 * router properties; the application's registries, listeners, validator and budget tracker; the fleet's shared health
 * and budget stores in fleet mode (a budget tracker of the application's keeps its own store); the customizers. What
 * it built is closed again when the router cannot be built, so a failed start leaks no connection pool.
 */
final class RouterAssembly {

    private final Relay4jProperties properties;
    private final List<LlmProvider> providerBeans;
    private final Optional<MeterRegistry> meterRegistry;
    private final Optional<ObservationRegistry> observationRegistry;
    private final List<RouterListener> listeners;
    private final Optional<OutputValidator> outputValidator;
    private final Optional<BudgetTracker> budgetTracker;
    private final List<LlmRouterBuilderCustomizer> customizers;
    private final FleetStores fleet;
    private final ClassLoader classLoader;

    RouterAssembly(Relay4jProperties properties, List<LlmProvider> providerBeans, Optional<MeterRegistry> meterRegistry,
                   Optional<ObservationRegistry> observationRegistry, List<RouterListener> listeners,
                   Optional<OutputValidator> outputValidator, Optional<BudgetTracker> budgetTracker,
                   List<LlmRouterBuilderCustomizer> customizers, FleetStores fleet, ClassLoader classLoader) {
        this.properties = properties;
        this.providerBeans = providerBeans;
        this.meterRegistry = meterRegistry;
        this.observationRegistry = observationRegistry;
        this.listeners = listeners;
        this.outputValidator = outputValidator;
        this.budgetTracker = budgetTracker;
        this.customizers = customizers;
        this.fleet = fleet;
        this.classLoader = classLoader;
    }

    LlmRouter build() {
        Map<String, LlmProvider> beansByName = new LinkedHashMap<>();
        for (LlmProvider bean : providerBeans) {
            if (beansByName.putIfAbsent(bean.name(), bean) != null) {
                throw new IllegalStateException("two LlmProvider beans are named '" + bean.name()
                        + "': give each provider a unique name()");
            }
        }
        if (properties.getProviders().isEmpty() && beansByName.isEmpty()) {
            throw PropertyCheck.invalid(Relay4jProperties.PREFIX + ".providers", "no provider is configured: add at"
                    + " least one under relay4j.providers (vendor, api-key, model) or define an LlmProvider bean;"
                    + " set relay4j.enabled=false to leave relay4j unconfigured");
        }
        List<LlmProvider> built = new ArrayList<>();
        try {
            LlmRouter.Builder builder = LlmRouter.builder();
            properties.getProviders().forEach((name, settings) -> {
                ProviderFactory factory = new ProviderFactory(name, settings);
                LlmProvider bean = beansByName.remove(name);
                LlmProvider provider;
                if (bean != null && !factory.hasVendor()) {
                    factory.checkOptionsOnly();
                    provider = bean;
                } else if (bean != null) {
                    throw PropertyCheck.invalid(factory.property("vendor"), "provider '" + name + "' is both"
                            + " configured here and an LlmProvider bean of the application: remove the vendor (and"
                            + " connection) properties to configure only the bean's router options, or rename one");
                } else {
                    provider = factory.build();
                    built.add(provider);
                }
                builder.provider(provider, factory.options());
            });
            beansByName.values().forEach(bean -> builder.provider(bean, ProviderOptions.ofDefaults()));
            RouterPolicies policies = new RouterPolicies(properties.getRouter(), classLoader);
            policies.applyTo(builder);
            if (budgetTracker.isPresent()) {
                if (policies.budgetsConfigured()) {
                    throw PropertyCheck.invalid(Relay4jProperties.PREFIX + ".router.budgets", "the application"
                            + " defines a BudgetTracker bean, which holds the router's budgets: give its limits in its"
                            + " BudgetConfig, not in relay4j.router.budgets");
                }
                builder.budgets(budgetTracker.get());
            } else if (fleet.budgets().isPresent()) {
                // the configured limits, spent by the whole fleet
                builder.budgets(BudgetTracker.builder(policies.budgets()).store(fleet.budgets().get()).build());
            } else {
                builder.budgets(policies.budgets());
            }
            fleet.health().ifPresent(builder::healthStore);
            meterRegistry.ifPresent(builder::meterRegistry);
            observationRegistry.ifPresent(builder::observationRegistry);
            listeners.forEach(builder::listener);
            outputValidator.ifPresent(builder::outputValidator);
            customizers.forEach(customizer -> customizer.customize(builder));
            try {
                return builder.build();
            } catch (IllegalArgumentException e) {
                throw PropertyCheck.invalid(Relay4jProperties.PREFIX, "the router cannot be built: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            built.forEach(LlmProvider::close);
            throw e;
        }
    }
}
