package io.relay4j.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.relay4j.core.budget.BudgetPeriod;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderOptionsTest {

    @Test
    void defaultsOverrideNothing() {
        ProviderOptions options = ProviderOptions.ofDefaults();

        assertThat(options.firstTokenTimeout()).isEmpty();
        assertThat(options.idleTimeout()).isEmpty();
        assertThat(options.attemptTimeout()).isEmpty();
        assertThat(options.concurrencyLimit()).isEmpty();
        assertThat(options).hasToString("ProviderOptions[]");
    }

    @Test
    void toBuilderKeepsWhatWasSetAndLeavesTheOriginalAlone() {
        ProviderOptions base = ProviderOptions.custom().firstTokenTimeout(Duration.ofMinutes(5)).concurrencyLimit(4)
                .build();

        ProviderOptions variant = base.toBuilder().idleTimeout(Duration.ofSeconds(30)).build();

        assertThat(variant.firstTokenTimeout()).contains(Duration.ofMinutes(5));
        assertThat(variant.idleTimeout()).contains(Duration.ofSeconds(30));
        assertThat(variant.concurrencyLimit()).hasValue(4);
        assertThat(base.idleTimeout()).isEmpty();
        assertThat(base.toBuilder().build()).isEqualTo(base);
        assertThat(variant.toString()).contains("firstTokenTimeout=300000ms", "idleTimeout=30000ms", "concurrencyLimit=4");
    }

    @Test
    void everySetterRefusesABadValueAtOnceNamingIt() {
        ProviderOptions.Builder builder = ProviderOptions.custom();

        assertThatThrownBy(() -> builder.firstTokenTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstTokenTimeout must be positive");
        assertThatThrownBy(() -> builder.idleTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTimeout must be positive");
        assertThatThrownBy(() -> builder.attemptTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("attemptTimeout must not be null");
        assertThatThrownBy(() -> builder.concurrencyLimit(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrencyLimit must be at least 1");
    }

    @Test
    void aliasesAndModelsAreKeptInOrderAndCannotBeChangedFromOutside() {
        ProviderOptions options = ProviderOptions.custom()
                .alias("fast", "claude-haiku-4-5").alias("smart", "claude-sonnet-4-5").alias("fast", "claude-3-5-haiku")
                .models("claude-opus-4-1").models("claude-3-7-sonnet", "claude-opus-4-1")
                .build();

        assertThat(options.aliases()).containsExactly(entry("fast", "claude-3-5-haiku"),
                entry("smart", "claude-sonnet-4-5"));
        assertThat(options.models()).containsExactly("claude-opus-4-1", "claude-3-7-sonnet");
        assertThatThrownBy(() -> options.aliases().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> options.models().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(options.toBuilder().build()).isEqualTo(options).hasSameHashCodeAs(options);
        assertThat(options.toString()).contains("aliases={fast=claude-3-5-haiku, smart=claude-sonnet-4-5}",
                "models=[claude-opus-4-1, claude-3-7-sonnet]");
        assertThat(ProviderOptions.ofDefaults().aliases()).isEmpty();
        assertThat(ProviderOptions.ofDefaults().models()).isEmpty();
    }

    @Test
    void blankOrMissingModelNamesAreRefusedAtOnceAndLeaveTheBuilderAsItWas() {
        ProviderOptions.Builder builder = ProviderOptions.custom();

        assertThatThrownBy(() -> builder.alias(" ", "gpt-4o-mini"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alias logicalName must be a model name, got a blank string");
        assertThatThrownBy(() -> builder.alias("fast", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alias vendorModel must be a model name, got a blank string");
        assertThatThrownBy(() -> builder.alias(null, "gpt-4o-mini"))
                .isInstanceOf(NullPointerException.class).hasMessage("alias logicalName must not be null");
        assertThatThrownBy(() -> builder.models("gpt-4.1", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("models must be a model name, got a blank string");
        assertThatThrownBy(() -> builder.models((String[]) null))
                .isInstanceOf(NullPointerException.class).hasMessage("models must not be null");

        assertThat(builder.build()).isEqualTo(ProviderOptions.ofDefaults());
    }

    @Test
    void weightIsOneUnlessSetAndRefusesNegativeOrNonFiniteValuesNamingTheSetting() {
        assertThat(ProviderOptions.ofDefaults().weight()).isEqualTo(1.0);
        assertThat(ProviderOptions.custom().weight(0).build().weight()).isZero();
        assertThat(ProviderOptions.custom().weight(2.5).build()).hasToString("ProviderOptions[weight=2.5]");

        for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> ProviderOptions.custom().weight(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("weight must be a finite number of 0 or more");
        }
    }

    @Test
    void budgetsAreOnePerPeriodPositiveAndSurviveToBuilder() {
        ProviderOptions options = ProviderOptions.custom()
                .budget(new BigDecimal("50"), BudgetPeriod.DAY).budget(new BigDecimal("1000"), BudgetPeriod.MONTH)
                .build();

        assertThat(options.budgets()).containsExactly(entry(BudgetPeriod.DAY, new BigDecimal("50")),
                entry(BudgetPeriod.MONTH, new BigDecimal("1000")));
        assertThat(options.toBuilder().build()).isEqualTo(options);
        assertThat(options.toString()).contains("dayBudget=50USD", "monthBudget=1000USD");
        assertThatThrownBy(() -> options.budgets().put(BudgetPeriod.HOUR, BigDecimal.ONE))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> options.toBuilder().budget(BigDecimal.TEN, BudgetPeriod.DAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already has a day limit");
        assertThatThrownBy(() -> ProviderOptions.custom().budget(BigDecimal.ZERO, BudgetPeriod.HOUR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("budget must be a positive amount of US dollars, got 0 per hour");
    }
}
