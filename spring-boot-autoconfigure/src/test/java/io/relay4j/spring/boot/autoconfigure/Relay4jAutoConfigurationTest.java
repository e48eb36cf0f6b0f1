package io.relay4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.relay4j.core.Capability;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.router.RoutingStrategy;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The router bean built from {@code relay4j.*} properties: the providers in the order written, each vendor's builder
 * given its settings, the application's own beans added or taking precedence, its registries used, the router closed
 * with the context.
 */
class Relay4jAutoConfigurationTest {

    static final ApplicationContextRunner RUNNER = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(Relay4jAutoConfiguration.class));

    @Test
    void everyVendorIsBuiltFromItsPropertiesInTheOrderWritten() {
        RUNNER.withPropertyValues(
                        "relay4j.providers.claude.vendor=anthropic",
                        "relay4j.providers.claude.api-key=sk-ant-test",
                        "relay4j.providers.claude.model=claude-sonnet-4-5",
                        "relay4j.providers.claude.default-max-tokens=2048",
                        "relay4j.providers.gpt.vendor=openai",
                        "relay4j.providers.gpt.api-key=sk-test",
                        "relay4j.providers.gpt.model=gpt-4o-mini",
                        "relay4j.providers.gpt.organization=org-1",
                        "relay4j.providers.gpt.token-limit-field=max-tokens",
                        "relay4j.providers.gemini.vendor=gemini",
                        "relay4j.providers.gemini.api-key=g-test",
                        "relay4j.providers.gemini.model=gemini-2.5-flash",
                        "relay4j.providers.azure.vendor=azure-openai",
                        "relay4j.providers.azure.api-key=az-test",
                        "relay4j.providers.azure.base-url=https://my-resource.openai.azure.com",
                        "relay4j.providers.azure.deployment=gpt-4o-prod",
                        "relay4j.providers.azure.api-version=2024-10-21",
                        "relay4j.providers.local.vendor=openai-compatible",
                        "relay4j.providers.local.preset=ollama",
                        "relay4j.providers.local.model=llama3.1:8b")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(LlmRouter.class);
                    assertThat(context.getBean(LlmRouter.class).providerNames())
                            .containsExactly("claude", "gpt", "gemini", "azure", "local");
                });
    }

    @Test
    void aProvidersConnectionSettingsReachItsVendorBuilder() {
        RUNNER.withPropertyValues(
                        "relay4j.providers.local.vendor=openai-compatible",
                        "relay4j.providers.local.preset=vllm",
                        "relay4j.providers.local.model=qwen2.5",
                        "relay4j.providers.local.base-url=http://127.0.0.1:9/v1",
                        "relay4j.providers.local.context-window-tokens=32768",
                        "relay4j.providers.local.capabilities=tools,parallel-tool-calls",
                        "relay4j.providers.local.connect-timeout=2s",
                        "relay4j.providers.local.headers.X-Team=search")
                .run(context -> {
                    Relay4jProperties properties = context.getBean(Relay4jProperties.class);
                    LlmProvider provider = new ProviderFactory("local", properties.getProviders().get("local")).build();
                    try {
                        ProviderInfo info = provider.info();
                        assertThat(info.vendor()).isEqualTo("vllm");
                        assertThat(info.model()).isEqualTo("qwen2.5");
                        assertThat(info.contextWindowTokens()).hasValue(32768);
                        assertThat(info.capabilities())
                                .isEqualTo(Set.of(Capability.TOOLS, Capability.PARALLEL_TOOL_CALLS));
                        assertThat(provider.toString()).contains("baseUrl=http://127.0.0.1:9/v1");
                    } finally {
                        provider.close();
                    }
                });
    }

    @Test
    void theApplicationsProviderBeansJoinTheConfiguredOnesAndABeanOfAConfiguredNameTakesItsPlace() {
        RUNNER.withUserConfiguration(ProviderBeans.class)
                .withPropertyValues(
                        "relay4j.providers.first.vendor=openai",
                        "relay4j.providers.first.api-key=sk-test",
                        "relay4j.providers.first.model=gpt-4o-mini",
                        // no vendor: the bean named "second" takes this place and these router options
                        "relay4j.providers.second.aliases.fast=second-fast")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    LlmRouter router = context.getBean(LlmRouter.class);
                    assertThat(router.providerNames()).containsExactly("first", "second", "extra");

                    LlmResponse answer = router.generate(LlmRequest.builder().user("hi").model("fast").build())
                            .block(Duration.ofSeconds(10));
                    assertThat(answer).isNotNull();
                    assertThat(answer.provider()).as("only 'second' declares the alias").isEqualTo("second");
                    ScriptedProvider second = context.getBean("second", ScriptedProvider.class);
                    assertThat(second.requests()).extracting(r -> r.model().orElseThrow())
                            .containsExactly("second-fast");
                });
    }

    @Test
    void onlyProviderBeansAreEnoughForARouter() {
        RUNNER.withUserConfiguration(ProviderBeans.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(LlmRouter.class).providerNames()).containsExactly("second", "extra");
        });
    }

    @Test
    void theApplicationsOwnRouterWins() {
        RUNNER.withUserConfiguration(OwnRouter.class)
                .withPropertyValues("relay4j.providers.gpt.vendor=openai", "relay4j.providers.gpt.model=gpt-4o")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(LlmRouter.class);
                    assertThat(context.getBean(LlmRouter.class).providerNames()).containsExactly("mine");
                });
    }

    @Test
    void relay4jEnabledFalseLeavesRelay4jUnconfigured() {
        RUNNER.withPropertyValues("relay4j.enabled=false", "relay4j.providers.gpt.vendor=openai")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(LlmRouter.class));
    }

    @Test
    void theApplicationsMeterAndObservationRegistriesReceiveTheRoutersMetersAndObservations() {
        RUNNER.withUserConfiguration(ProviderBeans.class, Registries.class).run(context -> {
            LlmRouter router = context.getBean(LlmRouter.class);
            router.generate(LlmRequest.of("hi")).block(Duration.ofSeconds(10));

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.find("relay4j.requests").counter()).isNotNull();
            assertThat(meters.find("relay4j.requests").counter().count()).isEqualTo(1.0);
            assertThat(context.getBean(Registries.class).observed).contains("relay4j.request", "relay4j.attempt");
        });
    }

    @Test
    void theApplicationsCustomizersRunLastInOrder() {
        RUNNER.withUserConfiguration(ProviderBeans.class, Customizers.class)
                .run(context -> {
                    LlmResponse answer = context.getBean(LlmRouter.class).generate(LlmRequest.of("hi"))
                            .block(Duration.ofSeconds(10));
                    assertThat(answer.provider()).as("the later customizer's strategy puts 'extra' first")
                            .isEqualTo("extra");
                });
    }

    @Test
    void theRouterIsClosedWithTheContextAndClosesItsProviders() {
        ScriptedProvider[] provider = new ScriptedProvider[1];
        LlmRouter[] router = new LlmRouter[1];
        RUNNER.withUserConfiguration(ProviderBeans.class).run(context -> {
            router[0] = context.getBean(LlmRouter.class);
            provider[0] = context.getBean("extra", ScriptedProvider.class);
            assertThat(provider[0].closes()).isZero();
        });
        assertThatThrownBy(() -> router[0].generate(LlmRequest.of("hi"))).isInstanceOf(IllegalStateException.class);
        assertThat(provider[0].closes()).isPositive();
    }

    @Configuration(proxyBeanMethods = false)
    static class ProviderBeans {
        @Bean
        @Order(1)
        ScriptedProvider second() {
            return ScriptedProvider.named("second");
        }

        @Bean
        @Order(2)
        ScriptedProvider extra() {
            return ScriptedProvider.named("extra");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRouter {
        @Bean
        LlmRouter myRouter() {
            return LlmRouter.builder().provider(ScriptedProvider.named("mine")).logging(false).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registries {
        final List<String> observed = new CopyOnWriteArrayList<>();

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        ObservationRegistry observationRegistry() {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new ObservationHandler<>() {
                @Override
                public void onStart(Observation.Context context) {
                    observed.add(context.getName());
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            });
            return registry;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        @Bean
        @Order(2)
        LlmRouterBuilderCustomizer reversed() {
            return builder -> builder.strategy((request, providers) -> List.of(providers.get(1), providers.get(0)));
        }

        @Bean
        @Order(1)
        LlmRouterBuilderCustomizer priority() {
            return builder -> builder.strategy(RoutingStrategy.priority());
        }
    }
}
