package io.relay4j.core.router;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import java.util.List;

/**
 * Orders the providers a request tries. Called once per request, on the caller's thread, so it must be
 * fast, thread-safe and non-blocking.
 *
 * <p>The router passes its providers in priority order (the order they were added) and tries the
 * returned providers in the returned order; health, context window and budget checks still apply to
 * each, and the request falls over along the returned list. A strategy may leave providers out, but
 * may only return providers it was given.
 */
@FunctionalInterface
public interface RoutingStrategy {

    /** Priority order: the providers as they were added to the router. Allocates nothing. */
    RoutingStrategy PRIORITY = (request, providers) -> providers;

    /**
     * @param request   the request being routed (for its metadata and settings)
     * @param providers the router's providers, in priority order; unmodifiable
     * @return the providers to try, first choice first
     */
    List<LlmProvider> order(LlmRequest request, List<LlmProvider> providers);
}
