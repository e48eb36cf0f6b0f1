/**
 * The simulator's implementation: request handling, vendor dialects (routes, bodies, stream events, error
 * envelopes, rate-limit headers), fault planning and counters. Not API; it may change at any time.
 */
package io.relay4j.simulator.internal;
