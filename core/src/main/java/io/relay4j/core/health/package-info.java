/**
 * A provider's health as the router sees it: the {@link io.relay4j.core.health.HealthState} of its state
 * machine (healthy, cooling down, half-open, disabled) and a point-in-time
 * {@link io.relay4j.core.health.ProviderHealth} snapshot, read with {@code LlmRouter.health()}.
 */
package io.relay4j.core.health;
