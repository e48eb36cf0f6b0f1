/** Model prices and the exact cost of an answer: {@link io.relay4j.core.cost.PricingTable}. */
package io.relay4j.core.cost;
