package io.relay4j.spring.boot.autoconfigure;

import io.relay4j.core.LlmRouter;
import java.time.Clock;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * The {@code relay4j} actuator endpoint ({@link Relay4jEndpoint}) over the application's {@link LlmRouter}, when the
 * actuator is on the class path and the endpoint is available (enabled, and exposed over HTTP or JMX); in fleet mode
 * it shows the fleet too.
 */
@AutoConfiguration(after = Relay4jAutoConfiguration.class)
@ConditionalOnClass(name = {"io.relay4j.core.LlmRouter",
        "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
        "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
@ConditionalOnSingleCandidate(LlmRouter.class)
@ConditionalOnAvailableEndpoint(Relay4jEndpoint.class)
public class Relay4jEndpointAutoConfiguration {

    /** The endpoint over the router. */
    @Bean
    @ConditionalOnMissingBean
    public Relay4jEndpoint relay4jEndpoint(LlmRouter router, ConfigurableListableBeanFactory beanFactory) {
        return new Relay4jEndpoint(router, Clock.systemUTC(), FleetStores.describer(beanFactory));
    }
}
