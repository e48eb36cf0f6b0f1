/**
 * Micrometer meters for the router: {@link io.relay4j.core.metrics.MicrometerRouterListener} turns
 * router events into the OpenTelemetry GenAI client meters and relay4j's own, all listed in
 * {@link io.relay4j.core.metrics.RouterMeterNames}.
 */
package io.relay4j.core.metrics;
