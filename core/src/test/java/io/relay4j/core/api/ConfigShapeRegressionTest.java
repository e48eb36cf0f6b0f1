package io.relay4j.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.budget.BudgetConfig;
import io.relay4j.core.budget.BudgetPeriod;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.core.router.ErrorPolicy;
import io.relay4j.core.router.HedgingConfig;
import io.relay4j.core.router.OutlierConfig;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.core.router.RetryConfig;
import io.relay4j.core.router.RoutingStrategy;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.router.TimeoutConfig;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every policy had its own shape (records validated at build, classes validated per setter, {@code DEFAULT}
 * beside {@code disabled()}, {@code toBuilder()} on some). Now each is resilience4j's: a final class with a private
 * constructor, {@code custom()}, {@code ofDefaults()}, {@code toBuilder()} and setters that refuse a bad value at
 * once.
 */
class ConfigShapeRegressionTest {

    private static final List<Class<?>> CONFIGS = List.of(RetryConfig.class, CooldownConfig.class, OutlierConfig.class,
            HedgingConfig.class, BudgetConfig.class, TimeoutConfig.class, StreamConfig.class, ProviderOptions.class);

    @Test
    void everyConfigIsAFinalClassWithCustomOfDefaultsAndToBuilder() throws Exception {
        for (Class<?> config : CONFIGS) {
            assertThat(config.isRecord()).as(config.getSimpleName() + " is a record").isFalse();
            assertThat(Modifier.isFinal(config.getModifiers())).as(config.getSimpleName() + " is final").isTrue();
            assertThat(config.getConstructors()).as(config.getSimpleName() + "'s public constructors").isEmpty();
            assertThat(Arrays.stream(config.getFields()).map(f -> f.getName()))
                    .as(config.getSimpleName() + "'s constants").doesNotContain("DEFAULT");

            Method custom = config.getMethod("custom");
            Method ofDefaults = config.getMethod("ofDefaults");
            assertThat(Modifier.isStatic(custom.getModifiers()) && Modifier.isStatic(ofDefaults.getModifiers()))
                    .as(config.getSimpleName() + ".custom() and ofDefaults() are static").isTrue();
            Object defaults = ofDefaults.invoke(null);
            Object builder = custom.invoke(null);
            Object built = builder.getClass().getMethod("build").invoke(builder);
            Object rebuilt = config.getMethod("toBuilder").invoke(defaults);
            assertThat(built).as(config.getSimpleName() + ".custom().build()").isEqualTo(defaults);
            assertThat(rebuilt.getClass().getMethod("build").invoke(rebuilt))
                    .as(config.getSimpleName() + ".ofDefaults().toBuilder().build()").isEqualTo(defaults);
        }
    }

    @Test
    void settersRefuseABadValueAtOnceNamingTheSetting() {
        assertThatThrownBy(() -> RetryConfig.custom().multiplier(0.5)).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> RetryConfig.custom().jitterFactor(2)).hasMessageContaining("jitterFactor");
        assertThatThrownBy(() -> RetryConfig.custom().maxRetriesInPlace(-1)).hasMessageContaining("maxRetriesInPlace");
        assertThatThrownBy(() -> CooldownConfig.custom().base(Duration.ZERO)).hasMessageContaining("base cooldown");
        assertThatThrownBy(() -> CooldownConfig.custom().longCooldown(Duration.ofSeconds(-1)))
                .hasMessageContaining("longCooldown");
        assertThatThrownBy(() -> HedgingConfig.custom().fixedDelay(Duration.ZERO))
                .hasMessageContaining("hedge delay must be positive");
        assertThatThrownBy(() -> HedgingConfig.custom().maxHedges(0)).hasMessageContaining("maxHedges");
        assertThatThrownBy(() -> BudgetConfig.custom().warningRatio(0)).hasMessageContaining("warningRatio");
        assertThatThrownBy(() -> ErrorPolicy.custom().action(null)).hasMessageContaining("action");
    }

    @Test
    void orderingBetweenTwoSettingsIsCheckedAtBuild() {
        assertThatThrownBy(() -> RetryConfig.custom().initialBackoff(Duration.ofSeconds(5)).build())
                .hasMessageContaining("maxBackoff (PT2S) must not be shorter than initialBackoff (PT5S)");
        assertThatThrownBy(() -> CooldownConfig.custom().base(Duration.ofMinutes(1)).build())
                .hasMessageContaining("must not be shorter than the base cooldown");
    }

    @Test
    void aVariantKeepsEverythingItDoesNotChange() {
        HedgingConfig hedging = HedgingConfig.custom().percentileDelay(95, Duration.ofMillis(50), Duration.ofSeconds(1))
                .maxHedges(2).build();
        BudgetConfig budgets = BudgetConfig.custom().limit("openai", BigDecimal.TEN, BudgetPeriod.DAY)
                .warningRatio(0.5).build();

        assertThat(hedging.toBuilder().budgetBurst(3).build().percentile()).contains(95.0);
        assertThat(hedging.toBuilder().budgetBurst(3).build().maxHedges()).isEqualTo(2);
        assertThat(hedging.toBuilder().fixedDelay(Duration.ofMillis(300)).build().percentile()).isEmpty();
        assertThat(budgets.toBuilder().limit("openai", BigDecimal.ONE, BudgetPeriod.MONTH).build().limits())
                .hasSize(2);
        assertThat(budgets.toBuilder().build()).isEqualTo(budgets);
        assertThat(ErrorPolicy.defaultFor(ErrorType.RATE_LIMITED).toBuilder()
                .cooldown(ErrorPolicy.Cooldown.NONE).build())
                .isEqualTo(ErrorPolicy.of(ErrorPolicy.Action.RETRY_THEN_FALL_OVER, ErrorPolicy.Cooldown.NONE));
    }

    @Test
    void theRoutingStrategiesAreAllFactories() {
        assertThat(Arrays.stream(RoutingStrategy.class.getFields()).map(f -> f.getName())).isEmpty();
        assertThat(RoutingStrategy.priority().order(null, List.of())).isEmpty();
    }
}
