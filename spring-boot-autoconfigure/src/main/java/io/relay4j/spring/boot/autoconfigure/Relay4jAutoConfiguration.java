package io.relay4j.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.event.RouterListener;
import io.relay4j.core.validation.OutputValidator;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * An {@link LlmRouter} bean built from the {@code relay4j.*} properties ({@link Relay4jProperties}), unless the
 * application defines its own {@code LlmRouter}.
 *
 * <p>The router's providers are the configured ones, in the order written (the priority order), then the
 * application's own {@link LlmProvider} beans; a bean whose {@code name()} matches a configured name takes that
 * place and the properties' router options. The application's {@link MeterRegistry} and {@link ObservationRegistry}
 * (when it has one, as with Spring Boot's actuator) receive the router's meters and observations, and its
 * {@link RouterListener}, {@link OutputValidator}, {@link BudgetTracker} and {@link LlmRouterBuilderCustomizer} beans
 * are applied. In fleet mode (a {@code RedisFleet} bean, see {@link Relay4jRedisFleetAutoConfiguration}) the router
 * shares provider health and budgets through the fleet, as {@code relay4j.state.redis.share-*} say, and is closed
 * before it. A bad property fails the start with a message that names it. The router is closed with the context:
 * calls in flight end first, then every provider's connection pool is released.
 */
@AutoConfiguration
@ConditionalOnClass(name = {"io.relay4j.core.LlmRouter", "io.relay4j.providers.ProviderBuilder"})
@ConditionalOnProperty(prefix = Relay4jProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(Relay4jProperties.class)
public class Relay4jAutoConfiguration {

    private static final String ROUTER_BEAN = "llmRouter";

    /** The router; see the class documentation. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public LlmRouter llmRouter(Relay4jProperties properties, ObjectProvider<LlmProvider> providers,
                               ObjectProvider<MeterRegistry> meterRegistry,
                               ObjectProvider<ObservationRegistry> observationRegistry,
                               ObjectProvider<RouterListener> listeners, ObjectProvider<OutputValidator> outputValidator,
                               ObjectProvider<BudgetTracker> budgetTracker,
                               ObjectProvider<LlmRouterBuilderCustomizer> customizers,
                               ConfigurableListableBeanFactory beanFactory) {
        return new RouterAssembly(properties, providers.orderedStream().toList(),
                Optional.ofNullable(meterRegistry.getIfUnique()), Optional.ofNullable(observationRegistry.getIfUnique()),
                listeners.orderedStream().toList(), Optional.ofNullable(outputValidator.getIfUnique()),
                Optional.ofNullable(budgetTracker.getIfUnique()), customizers.orderedStream().toList(),
                FleetStores.resolve(properties, beanFactory, ROUTER_BEAN), beanFactory.getBeanClassLoader()).build();
    }
}
