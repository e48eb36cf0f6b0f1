/**
 * Model prices and the exact cost of an answer: {@link io.relay4j.core.cost.PricingTable}. The router's table is
 * its one source of prices: it costs every attempt and ranks providers for the lowest-cost strategy.
 */
package io.relay4j.core.cost;
