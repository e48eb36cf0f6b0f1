/**
 * Stream helpers shared by providers: turning a vendor's event stream into
 * {@link io.relay4j.core.LlmChunk}s and chunks back into a whole answer. Deadlines on streams are the
 * router's job, not this module's.
 */
package io.relay4j.streaming;
