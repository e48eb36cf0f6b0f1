package io.relay4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.budget.BudgetConfig;
import io.relay4j.core.budget.BudgetPeriod;
import io.relay4j.core.cost.PricingTable;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.router.AdaptiveConcurrency;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.core.router.ErrorPolicy;
import io.relay4j.core.router.HedgingConfig;
import io.relay4j.core.router.OutlierConfig;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.core.router.RetryConfig;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.router.TimeoutConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Each group of {@code relay4j.*} properties, bound by Spring from property text and mapped onto the configuration
 * value relay4j builds from it: the value equals the one built by hand with the same settings, and unset properties
 * keep relay4j's defaults.
 */
class Relay4jPropertyGroupsTest {

    private static final String[] ONE_PROVIDER = {
            "relay4j.providers.gpt.vendor=openai", "relay4j.providers.gpt.api-key=sk-test",
            "relay4j.providers.gpt.model=gpt-4o-mini"};

    @Test
    void unsetRouterPropertiesKeepRelay4jsDefaults() {
        withProperties(new String[0], policies -> {
            assertThat(policies.retry()).isEqualTo(RetryConfig.ofDefaults());
            assertThat(policies.cooldown()).isEqualTo(CooldownConfig.ofDefaults());
            assertThat(policies.outliers()).isEqualTo(OutlierConfig.ofDefaults());
            assertThat(policies.toolArgumentsValidator()).isEmpty();
            assertThat(policies.timeouts()).isEqualTo(TimeoutConfig.ofDefaults());
            assertThat(policies.hedging()).isEqualTo(HedgingConfig.ofDefaults());
            assertThat(policies.streaming()).isEqualTo(StreamConfig.ofDefaults());
            assertThat(policies.budgets()).isEqualTo(BudgetConfig.ofDefaults());
            assertThat(policies.budgetsConfigured()).isFalse();
        });
    }

    @Test
    void retry() {
        withProperties(new String[] {"relay4j.router.retry.initial-backoff=100ms", "relay4j.router.retry.max-backoff=5s",
                "relay4j.router.retry.multiplier=3", "relay4j.router.retry.jitter-factor=0",
                "relay4j.router.retry.max-retries-in-place=2", "relay4j.router.retry.max-retry-after-in-place=1s"},
                policies -> assertThat(policies.retry()).isEqualTo(RetryConfig.custom()
                        .initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(5)).multiplier(3)
                        .jitterFactor(0).maxRetriesInPlace(2).maxRetryAfterInPlace(Duration.ofSeconds(1)).build()));
    }

    @Test
    void cooldown() {
        withProperties(new String[] {"relay4j.router.cooldown.base=1s", "relay4j.router.cooldown.multiplier=1.5",
                "relay4j.router.cooldown.max=1m", "relay4j.router.cooldown.long-cooldown=30m",
                "relay4j.router.cooldown.slow-start=2m", "relay4j.router.cooldown.slow-start-aggression=2.5",
                "relay4j.router.cooldown.slow-start-min-percent=25"},
                policies -> assertThat(policies.cooldown()).isEqualTo(CooldownConfig.custom()
                        .base(Duration.ofSeconds(1)).multiplier(1.5).max(Duration.ofMinutes(1))
                        .longCooldown(Duration.ofMinutes(30)).slowStart(Duration.ofMinutes(2)).slowStartAggression(2.5)
                        .slowStartMinPercent(25).build()));
    }

    @Test
    void cooldownWithoutSlowStart() {
        withProperties(new String[] {"relay4j.router.cooldown.slow-start=0"},
                policies -> assertThat(policies.cooldown())
                        .isEqualTo(CooldownConfig.custom().slowStart(Duration.ZERO).build()));
    }

    @Test
    void outliers() {
        withProperties(new String[] {"relay4j.router.outliers.window-size=40",
                "relay4j.router.outliers.window-duration=1m", "relay4j.router.outliers.minimum-volume=10",
                "relay4j.router.outliers.failure-rate-percent=30", "relay4j.router.outliers.consecutive-failures=3",
                "relay4j.router.outliers.max-ejection-percent=100"},
                policies -> assertThat(policies.outliers()).isEqualTo(OutlierConfig.custom().windowSize(40)
                        .windowDuration(Duration.ofMinutes(1)).minimumVolume(10).failureRatePercent(30)
                        .consecutiveFailures(3).maxEjectionPercent(100).build()));
    }

    @Test
    void timeouts() {
        withProperties(new String[] {"relay4j.router.timeouts.first-token=5m", "relay4j.router.timeouts.idle=20s",
                "relay4j.router.timeouts.attempt=6m", "relay4j.router.timeouts.request=PT7M"},
                policies -> assertThat(policies.timeouts()).isEqualTo(TimeoutConfig.custom()
                        .firstToken(Duration.ofMinutes(5)).idle(Duration.ofSeconds(20)).attempt(Duration.ofMinutes(6))
                        .request(Duration.ofMinutes(7)).build()));
    }

    @Test
    void hedgingAfterAPercentileOfRecentLatencies() {
        withProperties(new String[] {"relay4j.router.hedging.delay=p95", "relay4j.router.hedging.delay-floor=100ms",
                "relay4j.router.hedging.delay-ceiling=3s", "relay4j.router.hedging.min-samples=50",
                "relay4j.router.hedging.max-hedges=2", "relay4j.router.hedging.budget-fraction=0.1",
                "relay4j.router.hedging.budget-burst=4"},
                policies -> assertThat(policies.hedging()).isEqualTo(HedgingConfig.custom()
                        .percentileDelay(95, Duration.ofMillis(100), Duration.ofSeconds(3)).minSamples(50).maxHedges(2)
                        .budgetFraction(0.1).budgetBurst(4).build()));
    }

    @Test
    void hedgingAfterAFixedDelay() {
        withProperties(new String[] {"relay4j.router.hedging.delay=750ms"},
                policies -> assertThat(policies.hedging())
                        .isEqualTo(HedgingConfig.custom().fixedDelay(Duration.ofMillis(750)).build()));
    }

    @Test
    void streaming() {
        withProperties(new String[] {"relay4j.router.streaming.hold-back-chars=200",
                "relay4j.router.streaming.hold-back=300ms", "relay4j.router.streaming.resume=true",
                "relay4j.router.streaming.max-partial-chars=1000"},
                policies -> assertThat(policies.streaming()).isEqualTo(StreamConfig.custom().holdBackChars(200)
                        .holdBack(Duration.ofMillis(300)).resume(true).maxPartialChars(1000).build()));
    }

    @Test
    void budgets() {
        withProperties(new String[] {"relay4j.router.budgets.warning-ratio=0.5",
                "relay4j.router.budgets.reserved-output-tokens=1000", "relay4j.router.budgets.limits.spare.day=5",
                "relay4j.router.budgets.limits.spare.month=100.50"},
                policies -> {
                    assertThat(policies.budgets()).isEqualTo(BudgetConfig.custom().warningRatio(0.5)
                            .reservedOutputTokens(1000).limit("spare", new BigDecimal("5"), BudgetPeriod.DAY)
                            .limit("spare", new BigDecimal("100.50"), BudgetPeriod.MONTH).build());
                    assertThat(policies.budgetsConfigured()).isTrue();
                });
    }

    @Test
    void pricingFromACsvResourceOnTopOfTheDefaults() {
        withProperties(new String[] {"relay4j.router.pricing.csv=classpath:test-prices.csv"}, policies -> {
            PricingTable table = policies.pricing();
            assertThat(table.priceOf("ollama", "llama3.1:8b")).hasValueSatisfying(price ->
                    assertThat(price.outputPerMillion()).isEqualByComparingTo("0.5"));
            assertThat(table.prices()).hasSizeGreaterThan(PricingTable.defaults().prices().size());
        });
        withProperties(new String[] {"relay4j.router.pricing.csv=classpath:test-prices.csv",
                "relay4j.router.pricing.defaults=false"},
                policies -> assertThat(policies.pricing().prices()).hasSize(1));
    }

    @Test
    void errorPoliciesPerErrorType() {
        withProperties(new String[] {"relay4j.router.error-policies.content-filtered.action=fall-over",
                "relay4j.router.error-policies.timeout.cooldown=long"}, policies -> {
            assertThat(policies.errorPolicy(ErrorType.CONTENT_FILTERED))
                    .isEqualTo(ErrorPolicy.of(ErrorPolicy.Action.FALL_OVER, ErrorPolicy.Cooldown.NONE));
            assertThat(policies.errorPolicy(ErrorType.TIMEOUT))
                    .isEqualTo(ErrorPolicy.of(ErrorPolicy.Action.FALL_OVER, ErrorPolicy.Cooldown.LONG));
        });
    }

    @Test
    void providerOptions() {
        Relay4jAutoConfigurationTest.RUNNER.withPropertyValues(ONE_PROVIDER)
                .withPropertyValues("relay4j.providers.gpt.first-token-timeout=2m",
                        "relay4j.providers.gpt.idle-timeout=30s", "relay4j.providers.gpt.attempt-timeout=3m",
                        "relay4j.providers.gpt.concurrency-limit=64", "relay4j.providers.gpt.weight=3",
                        "relay4j.providers.gpt.aliases.fast=gpt-4o-mini", "relay4j.providers.gpt.aliases.smart=gpt-4o",
                        "relay4j.providers.gpt.models=gpt-4.1,gpt-4.1-mini", "relay4j.providers.gpt.budget.day=50",
                        "relay4j.providers.gpt.budget.month=1000")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Relay4jProperties properties = context.getBean(Relay4jProperties.class);
                    assertThat(new ProviderFactory("gpt", properties.getProviders().get("gpt")).options())
                            .isEqualTo(ProviderOptions.custom().firstTokenTimeout(Duration.ofMinutes(2))
                                    .idleTimeout(Duration.ofSeconds(30)).attemptTimeout(Duration.ofMinutes(3))
                                    .concurrencyLimit(64).weight(3).alias("fast", "gpt-4o-mini")
                                    .alias("smart", "gpt-4o").models("gpt-4.1", "gpt-4.1-mini")
                                    .budget(new BigDecimal("50"), BudgetPeriod.DAY)
                                    .budget(new BigDecimal("1000"), BudgetPeriod.MONTH).build());
                });
    }

    @Test
    void adaptiveConcurrency() {
        withProviderOptions(new String[] {"relay4j.providers.gpt.adaptive-concurrency.enabled=true",
                "relay4j.providers.gpt.adaptive-concurrency.min-limit=4",
                "relay4j.providers.gpt.adaptive-concurrency.max-limit=128",
                "relay4j.providers.gpt.adaptive-concurrency.initial-limit=16",
                "relay4j.providers.gpt.adaptive-concurrency.backoff-ratio=0.7",
                "relay4j.providers.gpt.adaptive-concurrency.latency-tolerance=Infinity",
                "relay4j.providers.gpt.adaptive-concurrency.rate-limit-headroom=0.1"},
                options -> assertThat(options).isEqualTo(ProviderOptions.custom().adaptiveConcurrency(
                        AdaptiveConcurrency.custom().limits(4, 128).initialLimit(16).backoffRatio(0.7)
                                .latencyTolerance(Double.POSITIVE_INFINITY).rateLimitHeadroom(0.1).build()).build()));
    }

    @Test
    void adaptiveConcurrencyEnabledAloneTakesRelay4jsDefaultsAndItsInitialLimitFollowsTheLimits() {
        withProviderOptions(new String[] {"relay4j.providers.gpt.adaptive-concurrency.enabled=true"},
                options -> assertThat(options.adaptiveConcurrency()).hasValue(AdaptiveConcurrency.ofDefaults()));
        withProviderOptions(new String[] {"relay4j.providers.gpt.adaptive-concurrency.enabled=true",
                "relay4j.providers.gpt.adaptive-concurrency.max-limit=8"},
                options -> assertThat(options.adaptiveConcurrency().orElseThrow().initialLimit()).isEqualTo(8));
    }

    @Test
    void unsetProviderOptionsTakeTheRoutersValues() {
        Relay4jAutoConfigurationTest.RUNNER.withPropertyValues(ONE_PROVIDER).run(context -> {
            Relay4jProperties properties = context.getBean(Relay4jProperties.class);
            assertThat(new ProviderFactory("gpt", properties.getProviders().get("gpt")).options())
                    .isEqualTo(ProviderOptions.ofDefaults());
        });
    }

    private static void withProviderOptions(String[] properties, Consumer<ProviderOptions> check) {
        Relay4jAutoConfigurationTest.RUNNER.withPropertyValues(ONE_PROVIDER).withPropertyValues(properties)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Relay4jProperties bound = context.getBean(Relay4jProperties.class);
                    check.accept(new ProviderFactory("gpt", bound.getProviders().get("gpt")).options());
                });
    }

    private static void withProperties(String[] properties, Consumer<RouterPolicies> check) {
        Relay4jAutoConfigurationTest.RUNNER.withPropertyValues(ONE_PROVIDER).withPropertyValues(properties)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    check.accept(new RouterPolicies(context.getBean(Relay4jProperties.class).getRouter(),
                            context.getClassLoader()));
                });
    }
}
