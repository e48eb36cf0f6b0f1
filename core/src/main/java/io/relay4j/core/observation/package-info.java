/**
 * Micrometer Observations (spans, with a tracing bridge) per request and per provider call:
 * {@link io.relay4j.core.observation.ObservationRouterListener}, documented by
 * {@link io.relay4j.core.observation.RouterObservationDocumentation}.
 */
package io.relay4j.core.observation;
