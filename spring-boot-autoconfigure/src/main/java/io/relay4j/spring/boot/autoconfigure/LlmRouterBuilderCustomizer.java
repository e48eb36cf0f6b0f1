package io.relay4j.spring.boot.autoconfigure;

import io.relay4j.core.LlmRouter;

/**
 * A bean of this type adjusts the auto-configured router's builder after the {@code relay4j.*} properties, the
 * providers and the application's registries, listeners and validator are applied, and before the router is built:
 * for what properties cannot say (a {@code RoutingStrategy} of your own, say). Customizers run in
 * {@link org.springframework.core.annotation.Order @Order}; they are not applied to a router the application
 * defines itself.
 */
@FunctionalInterface
public interface LlmRouterBuilderCustomizer {

    /** Adjusts the builder; called once, at startup, on the thread that builds the application context. */
    void customize(LlmRouter.Builder builder);
}
