package io.relay4j.spring.boot.autoconfigure;

import io.relay4j.core.LlmRouter;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * The {@code relay4j} health contributor (Spring Boot 4's {@code spring-boot-health}): one component per provider
 * of the application's {@link LlmRouter}, the auto-configured one or its own. The aggregate stays {@code UP} while
 * at least one provider can serve, so one provider cooling down never turns {@code /actuator/health} to 503; it is
 * {@code DOWN} when none can. Turned off with {@code management.health.relay4j.enabled=false}.
 */
@AutoConfiguration(after = Relay4jAutoConfiguration.class)
@ConditionalOnClass(name = {"io.relay4j.core.LlmRouter",
        "org.springframework.boot.health.contributor.CompositeReactiveHealthContributor"})
@ConditionalOnSingleCandidate(LlmRouter.class)
@ConditionalOnEnabledHealthIndicator("relay4j")
public class Relay4jHealthContributorAutoConfiguration {

    /** One health component per provider of the router. */
    @Bean
    @ConditionalOnMissingBean(name = "relay4jHealthContributor")
    public CompositeReactiveHealthContributor relay4jHealthContributor(LlmRouter router) {
        return new Relay4jHealthContributor(router, Clock.systemUTC());
    }
}
