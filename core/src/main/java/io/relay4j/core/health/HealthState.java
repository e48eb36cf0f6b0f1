package io.relay4j.core.health;

/**
 * Where a provider stands in the router's health state machine:
 * {@code HEALTHY -> COOLING_DOWN -> HALF_OPEN -> HEALTHY}, or back to {@code COOLING_DOWN} when the
 * probe fails. {@code DISABLED} is set and cleared only by hand.
 */
public enum HealthState {
    /** Takes traffic. */
    HEALTHY,
    /** Failed recently; skipped without a call until its cooldown deadline. */
    COOLING_DOWN,
    /** The cooldown passed; exactly one probe request at a time decides whether it is healthy again. */
    HALF_OPEN,
    /** Taken out of rotation by an operator ({@code router.disable(name)}). */
    DISABLED
}
