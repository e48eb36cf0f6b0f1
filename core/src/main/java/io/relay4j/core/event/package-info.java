/**
 * What the router tells the outside while it works: {@link io.relay4j.core.event.RouterEvent}s (requests,
 * attempts, fallbacks, health transitions) delivered to {@link io.relay4j.core.event.RouterListener}s. Logs,
 * meters and observations are listeners too; a listener that throws is isolated and never fails a request.
 */
package io.relay4j.core.event;
