package io.relay4j.spring.boot.autoconfigure;

import io.relay4j.core.LlmRouter;
import io.relay4j.core.health.ProviderHealth;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code relay4j} actuator endpoint: lists the router's providers in priority order with their health
 * ({@code GET /actuator/relay4j}, one with {@code GET /actuator/relay4j/NAME}), and takes a provider out of
 * rotation or puts it back at run time ({@code POST /actuator/relay4j/NAME} with {@code {"enabled": false}}), through
 * {@link LlmRouter#disable} and {@link LlmRouter#enable}: a disabled provider is skipped without a call until it is
 * enabled, and enabling puts it back as healthy.
 *
 * <p>Like every actuator endpoint it is reachable over HTTP only once exposed
 * ({@code management.endpoints.web.exposure.include=health,relay4j}), and its write operation is then open to anyone
 * who can reach the management port: secure it as any actuator write operation (Spring Security), or allow reads
 * only with {@code management.endpoint.relay4j.access=read-only}.
 */
@Endpoint(id = "relay4j")
public class Relay4jEndpoint {

    private final LlmRouter router;
    private final Clock clock;
    private final Supplier<Optional<Map<String, Object>>> fleet;

    /** An endpoint over {@code router}. */
    public Relay4jEndpoint(LlmRouter router) {
        this(router, Clock.systemUTC());
    }

    Relay4jEndpoint(LlmRouter router, Clock clock) {
        this(router, clock, Optional::empty);
    }

    /** {@code fleet} describes the application's fleet, in fleet mode, at each read. */
    Relay4jEndpoint(LlmRouter router, Clock clock, Supplier<Optional<Map<String, Object>>> fleet) {
        this.router = router;
        this.clock = clock;
        this.fleet = fleet;
    }

    /**
     * The aggregate status and every provider, in priority order, with its status and health details; in fleet mode
     * also {@code fleet}: the namespace, this instance's id and whether Redis is connected (while it is not, the
     * router routes on local state, so the status does not change).
     */
    @ReadOperation
    public Map<String, Object> providers() {
        List<ProviderHealth> all = router.health();
        boolean anyAvailable = ProviderStatus.anyAvailable(all);
        Instant now = clock.instant();
        List<Map<String, Object>> providers = new ArrayList<>();
        all.forEach(health -> providers.add(describe(health, anyAvailable, now)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", anyAvailable ? ProviderStatus.UP : ProviderStatus.DOWN);
        body.put("providers", providers);
        fleet.get().ifPresent(details -> body.put("fleet", details));
        return body;
    }

    /** One provider with its status and health details; none (404 over HTTP) for a name the router lacks. */
    @ReadOperation
    public Map<String, Object> provider(@Selector String name) {
        if (!router.providerNames().contains(name)) {
            return null;
        }
        List<ProviderHealth> all = router.health();
        return all.stream().filter(h -> h.provider().equals(name)).findFirst()
                .map(h -> describe(h, ProviderStatus.anyAvailable(all), clock.instant()))
                .orElse(null);
    }

    /**
     * Disables ({@code enabled: false}) or enables ({@code enabled: true}) a provider and returns it as
     * {@link #provider} does. Disabling takes it out of rotation at once (requests under way pass it over); enabling
     * a provider that is not disabled changes nothing. A name the router lacks is a bad request (400 over HTTP).
     */
    @WriteOperation
    public Map<String, Object> setEnabled(@Selector String name, boolean enabled) {
        if (!router.providerNames().contains(name)) {
            throw new InvalidEndpointRequestException("no provider named '" + name + "'; the router's providers are "
                    + router.providerNames(), "no such provider");
        }
        if (enabled) {
            router.enable(name);
        } else {
            router.disable(name);
        }
        return provider(name);
    }

    private static Map<String, Object> describe(ProviderHealth health, boolean anyAvailable, Instant now) {
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("name", health.provider());
        provider.put("status", ProviderStatus.code(health, anyAvailable));
        provider.put("enabled", !ProviderStatus.disabled(health));
        provider.putAll(ProviderStatus.details(health, now));
        return provider;
    }
}
