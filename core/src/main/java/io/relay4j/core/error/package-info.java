/**
 * The one error taxonomy every provider and the router speak. Each failure is classified once, where it
 * happens, into a final subtype of the sealed {@link io.relay4j.core.error.LlmException}; every policy
 * (retry, fallback, cooldown) reads that one answer through its {@link io.relay4j.core.error.ErrorType}.
 * Messages and details never carry an API key, prompt text or tool arguments.
 */
package io.relay4j.core.error;
