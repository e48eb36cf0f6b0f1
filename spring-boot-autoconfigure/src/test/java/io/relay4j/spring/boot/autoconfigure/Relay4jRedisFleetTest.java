package io.relay4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.testing.ScriptedProvider;
import io.relay4j.redis.RedisFleet;
import io.relay4j.redis.testing.RecordedUpdates.Await;
import io.relay4j.redis.testing.RedisServerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Fleet mode from {@code relay4j.state.redis.*}, against a real {@code redis-server}: the properties reach the fleet,
 * two application contexts on one Redis and namespace share provider health (and budgets), the application's own
 * {@code RedisFleet} is used instead of one built from properties, an application starts and serves while Redis is
 * down (the actuator shows it, without turning DOWN), and bad values fail the start naming the property.
 */
class Relay4jRedisFleetTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PASSWORD = "s3cret-redis-password";

    static final ApplicationContextRunner RUNNER = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(Relay4jRedisFleetAutoConfiguration.class,
                    Relay4jAutoConfiguration.class, Relay4jFleetHealthAutoConfiguration.class,
                    Relay4jHealthContributorAutoConfiguration.class, Relay4jEndpointAutoConfiguration.class))
            .withUserConfiguration(Providers.class)
            .withPropertyValues("relay4j.state.redis.resync-interval=200ms",
                    "management.endpoints.web.exposure.include=relay4j");

    private RedisServerProcess redis;

    @BeforeEach
    void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    /** An application's provider beans: gpt (priced in relay4j's default table) and a spare. */
    @Configuration(proxyBeanMethods = false)
    static class Providers {
        @Bean
        LlmProvider gpt() {
            return ScriptedProvider.named("gpt", ProviderInfo.of("openai", "gpt-4o-mini"));
        }

        @Bean
        LlmProvider spare() {
            return ScriptedProvider.named("spare");
        }
    }

    /**
     * Fleet mode on this test's Redis. Budgets are not shared here: {@code RedisFleet.budgetStore()} arrives with
     * the budget helper's branch, and the tests of budget sharing turn it on themselves.
     */
    private String[] fleet(String namespace, String... more) {
        return Stream.concat(Stream.of("relay4j.state.redis.uri=" + redis.uri(),
                        "relay4j.state.redis.namespace=" + namespace, "relay4j.state.redis.share-budgets=false"),
                Stream.of(more)).toArray(String[]::new);
    }

    @Test
    void thePropertiesReachTheFleetWhichConnectsAndIsClosedAfterTheRouter() {
        RUNNER.withPropertyValues(fleet("checkout", "relay4j.state.redis.instance-id=pod-7",
                        "relay4j.state.redis.command-timeout=500ms"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(RedisFleet.class);
                    RedisFleet fleet = context.getBean(RedisFleet.class);
                    assertThat(fleet.namespace()).isEqualTo("checkout");
                    assertThat(fleet.instanceId()).isEqualTo("pod-7");
                    assertThat(fleet.toString()).as("cluster off by default").doesNotContain("cluster");
                    Await.until(() -> Optional.of(fleet.connected()).filter(c -> c), WAIT,
                            () -> "the fleet did not connect to " + redis.uri());
                    assertThat(context.getBeanFactory().getDependentBeans("relay4jRedisFleet"))
                            .as("the router depends on the fleet, so it is closed first").contains("llmRouter");
                });
    }

    @Test
    void theNamespaceDefaultsToTheApplicationsName() {
        RUNNER.withPropertyValues("relay4j.state.redis.uri=" + redis.uri(), "relay4j.state.redis.share-budgets=false",
                        "spring.application.name=checkout-api")
                .run(context -> assertThat(context.getBean(RedisFleet.class).namespace()).isEqualTo("checkout-api"));
    }

    @Test
    void withoutAUriThereIsNoFleetAndTheRouterKeepsItsStateLocal() {
        RUNNER.withPropertyValues("relay4j.state.redis.namespace=checkout", "relay4j.state.redis.uri=")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(RedisFleet.class)
                            .hasSingleBean(LlmRouter.class);
                    assertThat(context.getBean(Relay4jEndpoint.class).providers()).doesNotContainKey("fleet");
                });
    }

    @Test
    void twoApplicationsOnOneRedisAndNamespaceShareProviderHealth() {
        RUNNER.withPropertyValues(fleet("checkout")).run(a -> RUNNER.withPropertyValues(fleet("checkout")).run(b -> {
            LlmRouter routerA = a.getBean(LlmRouter.class);
            LlmRouter routerB = b.getBean(LlmRouter.class);
            awaitConnected(a);
            awaitConnected(b);
            assertThat(routerB.health("gpt").state()).isEqualTo(HealthState.HEALTHY);

            routerA.disable("gpt");

            Await.until(() -> Optional.of(routerB.health("gpt").state()).filter(s -> s == HealthState.DISABLED),
                    WAIT, () -> "B still sees gpt " + routerB.health("gpt").state());
            assertThat(b.getBean(Relay4jEndpoint.class).provider("gpt")).containsEntry("status", "DISABLED");
        }));
    }

    @Test
    void anotherNamespaceIsAnotherFleet() {
        RUNNER.withPropertyValues(fleet("checkout")).run(a -> RUNNER.withPropertyValues(fleet("search")).run(b -> {
            awaitConnected(a);
            awaitConnected(b);
            a.getBean(LlmRouter.class).disable("gpt");
            // checkout's own second instance sees it, so the message has gone round by the time it is checked
            RUNNER.withPropertyValues(fleet("checkout")).run(c -> Await.until(
                    () -> Optional.of(c.getBean(LlmRouter.class).health("gpt").state())
                            .filter(s -> s == HealthState.DISABLED), WAIT, () -> "checkout's other instance"));
            assertThat(b.getBean(LlmRouter.class).health("gpt").state()).isEqualTo(HealthState.HEALTHY);
        }));
    }

    @Test
    void withShareHealthOffTheRouterKeepsItsHealthToItself() {
        RUNNER.withPropertyValues(fleet("checkout", "relay4j.state.redis.share-health=false"))
                .run(a -> RUNNER.withPropertyValues(fleet("checkout")).run(b -> {
                    awaitConnected(a);
                    awaitConnected(b);
                    a.getBean(LlmRouter.class).disable("gpt");
                    RUNNER.withPropertyValues(fleet("checkout")).run(c -> {
                        c.getBean(LlmRouter.class).disable("spare");
                        Await.until(() -> Optional.of(b.getBean(LlmRouter.class).health("spare").state())
                                .filter(s -> s == HealthState.DISABLED), WAIT, () -> "the sharing instance's change");
                    });
                    assertThat(b.getBean(LlmRouter.class).health("gpt").state()).isEqualTo(HealthState.HEALTHY);
                }));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnFleet {
        static String uri;

        @Bean(destroyMethod = "close")
        RedisFleet myFleet() {
            return RedisFleet.builder().uri(uri).namespace("checkout").instanceId("mine").build();
        }
    }

    @Test
    void theApplicationsOwnFleetIsUsedInsteadOfOneFromTheProperties() {
        OwnFleet.uri = redis.uri();
        RUNNER.withUserConfiguration(OwnFleet.class)
                .withPropertyValues(fleet("ignored-namespace"))
                .run(own -> RUNNER.withPropertyValues(fleet("checkout")).run(other -> {
                    assertThat(own).hasSingleBean(RedisFleet.class).hasBean("myFleet");
                    assertThat(own.getBean(RedisFleet.class).instanceId()).isEqualTo("mine");
                    assertThat(own.getBeanFactory().getDependentBeans("myFleet")).contains("llmRouter");
                    awaitConnected(own);
                    awaitConnected(other);
                    own.getBean(LlmRouter.class).disable("gpt");
                    Await.until(() -> Optional.of(other.getBean(LlmRouter.class).health("gpt").state())
                            .filter(s -> s == HealthState.DISABLED), WAIT, () -> "the own fleet's router did not share");
                }));
    }

    @Test
    void redisDownAtStartupTheApplicationStartsServesAndStaysUp() throws IOException {
        String nobody = "redis://127.0.0.1:" + freePort();
        RUNNER.withPropertyValues("relay4j.state.redis.uri=" + nobody, "relay4j.state.redis.namespace=checkout",
                        "relay4j.state.redis.share-budgets=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RedisFleet fleet = context.getBean(RedisFleet.class);
                    assertThat(fleet.connected()).isFalse();
                    assertThat(context.getBean(LlmRouter.class).generate(LlmRequest.of("hi"))
                            .block(Duration.ofSeconds(5)).content()).isEqualTo("ok from gpt");

                    Map<String, Object> endpoint = context.getBean(Relay4jEndpoint.class).providers();
                    assertThat(endpoint).containsEntry("status", "UP");
                    assertThat(endpoint.get("fleet")).isEqualTo(Map.of("namespace", "checkout",
                            "instanceId", fleet.instanceId(), "connected", false));

                    Health health = context.getBean("relay4jFleetHealthIndicator", ReactiveHealthIndicator.class)
                            .health().block(Duration.ofSeconds(5));
                    assertThat(health.getStatus().getCode()).isEqualTo("DISCONNECTED");
                    assertThat(health.getDetails()).containsEntry("connected", false)
                            .containsEntry("namespace", "checkout").doesNotContainKey("uri");
                    assertThat(StatusAggregator.getDefault().getAggregateStatus(Status.UP, health.getStatus()))
                            .as("Redis down does not take the application out of service").isEqualTo(Status.UP);
                });
    }

    @Test
    void theFleetsHealthIsUpAndInTheEndpointOnceConnected() {
        RUNNER.withPropertyValues(fleet("checkout")).run(context -> {
            awaitConnected(context);
            Health health = context.getBean("relay4jFleetHealthIndicator", ReactiveHealthIndicator.class)
                    .health().block(Duration.ofSeconds(5));
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(context.getBean(Relay4jEndpoint.class).providers().get("fleet"))
                    .isEqualTo(Map.of("namespace", "checkout",
                            "instanceId", context.getBean(RedisFleet.class).instanceId(), "connected", true));
        });
    }

    @Test
    void withoutRelay4jRedisASetUriFailsTheStartNamingThePropertyAndTheArtifact() {
        RUNNER.withClassLoader(new FilteredClassLoader(RedisFleet.class))
                .withPropertyValues("relay4j.state.redis.uri=redis://:" + PASSWORD + "@127.0.0.1:6379",
                        "relay4j.state.redis.namespace=checkout")
                .run(context -> assertThat(Relay4jBadPropertiesTest.failureText(context))
                        .contains("relay4j.state.redis.uri", "io.relay4j:relay4j-redis").doesNotContain(PASSWORD));
        RUNNER.withClassLoader(new FilteredClassLoader(RedisFleet.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(LlmRouter.class));
    }

    static Stream<Arguments> badValues() {
        String p = "relay4j.state.redis.";
        return Stream.of(
                Arguments.of(p + "namespace=check out", p + "namespace", "1 to 100 characters of [A-Za-z0-9._-]"),
                Arguments.of(p + "namespace=" + "n".repeat(101), p + "namespace", "1 to 100 characters"),
                Arguments.of(p + "instance-id= ", p + "instance-id", "1 to 200 characters"),
                Arguments.of(p + "command-timeout=0s", p + "command-timeout", "must be positive"),
                Arguments.of(p + "resync-interval=-1s", p + "resync-interval", "must be positive"),
                Arguments.of(p + "command-timeout=soon", p + "command-timeout", "Duration"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void aBadValueFailsTheStartNamingThePropertyAndWhatItAccepts(String setting, String property, String accepts) {
        RUNNER.withPropertyValues(fleet("checkout")).withPropertyValues(setting)
                .run(context -> assertThat(Relay4jBadPropertiesTest.failureText(context))
                        .contains(property, accepts));
    }

    @Test
    void aBadUriFailsTheStartNamingThePropertyWithoutShowingIt() {
        for (String uri : new String[] {"http://:" + PASSWORD + "@localhost:6379", "redis://:" + PASSWORD + "@",
                "not a uri " + PASSWORD}) {
            RUNNER.withPropertyValues("relay4j.state.redis.uri=" + uri, "relay4j.state.redis.namespace=checkout")
                    .run(context -> assertThat(Relay4jBadPropertiesTest.failureText(context))
                            .contains("relay4j.state.redis.uri", "redis://", "not shown").doesNotContain(PASSWORD));
        }
    }

    @Test
    void aMissingNamespaceFailsTheStartNamingItAndTheApplicationName() {
        RUNNER.withPropertyValues("relay4j.state.redis.uri=" + redis.uri())
                .run(context -> assertThat(Relay4jBadPropertiesTest.failureText(context))
                        .contains("relay4j.state.redis.namespace", "spring.application.name"));
        RUNNER.withPropertyValues("relay4j.state.redis.uri=" + redis.uri(), "spring.application.name=My Checkout")
                .run(context -> assertThat(Relay4jBadPropertiesTest.failureText(context))
                        .contains("relay4j.state.redis.namespace", "'My Checkout'", "[A-Za-z0-9._-]"));
    }

    // ---- budgets: RedisFleet.budgetStore() lands with the budget helper's branch; until then these are skipped ----

    @Test
    void twoApplicationsOnOneRedisAndNamespaceSpendOneBudget() {
        assumeBudgetStore();
        String[] shared = {"relay4j.state.redis.uri=" + redis.uri(), "relay4j.state.redis.namespace=checkout",
                "relay4j.router.budgets.limits.gpt.day=10"};
        RUNNER.withPropertyValues(shared).run(a -> RUNNER.withPropertyValues(shared).withBean(SimpleMeterRegistry.class)
                .run(b -> {
                    awaitConnected(a);
                    awaitConnected(b);
                    MeterRegistry registryB = b.getBean(MeterRegistry.class);
                    assertThat(spentToday(registryB)).isZero();

                    a.getBean(LlmRouter.class).generate(LlmRequest.of("hi")).block(Duration.ofSeconds(5));

                    Await.until(() -> Optional.of(spentToday(registryB)).filter(spent -> spent > 0), WAIT,
                            () -> "B's budget does not count what A spent");
                }));
    }

    @Test
    void withShareBudgetsOffEachApplicationSpendsItsOwnBudget() {
        assumeBudgetStore();
        String[] common = {"relay4j.state.redis.uri=" + redis.uri(), "relay4j.state.redis.namespace=checkout",
                "relay4j.router.budgets.limits.gpt.day=10"};
        RUNNER.withPropertyValues(common).withPropertyValues("relay4j.state.redis.share-budgets=false")
                .withBean(SimpleMeterRegistry.class)
                .run(a -> RUNNER.withPropertyValues(common).withBean(SimpleMeterRegistry.class).run(b -> {
                    awaitConnected(a);
                    awaitConnected(b);
                    RUNNER.withPropertyValues(common).run(c -> {
                        awaitConnected(c);
                        c.getBean(LlmRouter.class).generate(LlmRequest.of("hi")).block(Duration.ofSeconds(5));
                        Await.until(() -> Optional.of(spentToday(b.getBean(MeterRegistry.class)))
                                .filter(spent -> spent > 0), WAIT, () -> "the sharing instance's spend");
                    });
                    assertThat(spentToday(a.getBean(MeterRegistry.class))).isZero();
                }));
    }

    private static double spentToday(MeterRegistry registry) {
        Gauge gauge = registry.find("relay4j.budget.spent").tag("provider", "gpt").tag("period", "day").gauge();
        assertThat(gauge).as("the router's budget gauge").isNotNull();
        return gauge.value();
    }

    /** Skips a test of budget sharing on a branch whose {@code RedisFleet.budgetStore()} is still the stub. */
    private void assumeBudgetStore() {
        try (RedisFleet probe = RedisFleet.builder().uri(redis.uri()).namespace("probe").build()) {
            probe.budgetStore();
        } catch (UnsupportedOperationException stub) {
            assumeThat(stub).as("RedisFleet.budgetStore() is not there yet").isNull();
        }
    }

    private static void awaitConnected(AssertableApplicationContext context) {
        assertThat(context).hasNotFailed();
        RedisFleet fleet = context.getBean(RedisFleet.class);
        Await.until(() -> Optional.of(fleet.connected()).filter(c -> c), WAIT, () -> fleet + " did not connect");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
