/**
 * A spec-compliant (WHATWG) server-sent events decoder over Netty buffers:
 * {@link io.relay4j.streaming.sse.SseDecoder} turns a body of byte buffers into
 * {@link io.relay4j.streaming.sse.ServerSentEvent}s with bounded memory, releasing every buffer on
 * completion, error and cancellation.
 */
package io.relay4j.streaming.sse;
