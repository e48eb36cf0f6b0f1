package io.relay4j.core;

/**
 * What a provider can serve beyond text, as it declares in {@link ProviderInfo#capabilities()}. A router sends a
 * request only to providers that declare every capability the request needs, and records the others as skipped
 * ({@code Attempt.SkipReason.MISSING_CAPABILITY}) instead of sending a request that must fail.
 */
public enum Capability {
    /** Tool definitions, tool calls and tool results. */
    TOOLS,
    /**
     * Several tool calls in one answer. Needed by a request that asks for them explicitly
     * ({@code parallelToolCalls(true)}); a request that turns them off is served by any provider with tools.
     */
    PARALLEL_TOOL_CALLS,
    /** Images in user messages and tool results. */
    IMAGES,
    /** A JSON Schema response format carried in the vendor's own field. */
    STRUCTURED_OUTPUT,
    /** A reasoning setting ({@link Reasoning}). */
    REASONING
}
