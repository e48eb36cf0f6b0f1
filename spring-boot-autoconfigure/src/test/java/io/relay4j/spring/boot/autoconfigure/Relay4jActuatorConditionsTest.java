package io.relay4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmRouter;
import io.relay4j.core.testing.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * When the health contributor and the endpoint exist: over the application's own router too, the endpoint only once
 * exposed (as every actuator endpoint), the health contributor unless turned off.
 */
class Relay4jActuatorConditionsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(Relay4jAutoConfiguration.class,
                    Relay4jHealthContributorAutoConfiguration.class, Relay4jEndpointAutoConfiguration.class,
                    EndpointAutoConfiguration.class))
            .withUserConfiguration(OwnRouter.class);

    @Test
    void theEndpointExistsOnlyOnceExposed() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Relay4jEndpoint.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=relay4j")
                .run(context -> assertThat(context).hasSingleBean(Relay4jEndpoint.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=relay4j",
                        "management.endpoint.relay4j.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(Relay4jEndpoint.class));
    }

    @Test
    void theHealthContributorCoversTheApplicationsOwnRouterUnlessTurnedOff() {
        runner.run(context -> {
            assertThat(context).hasBean("relay4jHealthContributor");
            CompositeReactiveHealthContributor health = context.getBean("relay4jHealthContributor",
                    CompositeReactiveHealthContributor.class);
            assertThat(health.stream().map(entry -> entry.name())).containsExactly("mine", "spare");
            assertThat(health.getContributor("nobody")).isNull();
        });
        runner.withPropertyValues("management.health.relay4j.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("relay4jHealthContributor"));
    }

    @Test
    void aProviderAddedAtRunTimeGetsAComponent() {
        runner.run(context -> {
            LlmRouter router = context.getBean(LlmRouter.class);
            router.addProvider(ScriptedProvider.named("late"));
            CompositeReactiveHealthContributor health = context.getBean("relay4jHealthContributor",
                    CompositeReactiveHealthContributor.class);
            assertThat(health.stream().map(entry -> entry.name())).containsExactly("mine", "spare", "late");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRouter {
        @Bean
        LlmRouter myRouter() {
            return LlmRouter.builder().provider(ScriptedProvider.named("mine")).provider(ScriptedProvider.named("spare"))
                    .logging(false).build();
        }
    }
}
