/**
 * The fleet's shared budgets on Redis: {@link io.relay4j.redis.internal.budget.RedisBudgetStore}, a
 * {@link io.relay4j.core.spi.BudgetStore} that answers from a local view and syncs it with Redis asynchronously.
 */
package io.relay4j.redis.internal.budget;
