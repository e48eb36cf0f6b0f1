/**
 * Spend limits per provider and UTC calendar period: {@link io.relay4j.core.budget.BudgetConfig}
 * says what, {@link io.relay4j.core.budget.BudgetTracker} tracks it over a
 * {@link io.relay4j.core.spi.BudgetStore} (in the SPI package, for store authors).
 */
package io.relay4j.core.budget;
