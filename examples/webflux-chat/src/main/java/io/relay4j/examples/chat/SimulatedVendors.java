package io.relay4j.examples.chat;

import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Vendor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;

/**
 * The simulated vendor servers the example answers from when no real keys are used: one {@link SimulatorServer}
 * per configured provider, speaking that provider's wire format, streaming lorem text a token at a time so a
 * person sees it arrive. A provider can be banned (every request answered 403, as a vendor does when it blocks an
 * account) and restored. Thread-safe; the servers close with the application context, after the router.
 */
final class SimulatedVendors implements DisposableBean {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, SimulatorServer> servers;
    private final Behaviour healthy;
    private final Set<String> banned = ConcurrentHashMap.newKeySet();

    private SimulatedVendors(Map<String, SimulatorServer> servers, Behaviour healthy) {
        this.servers = Collections.unmodifiableMap(servers);
        this.healthy = healthy;
    }

    /**
     * Starts one healthy server per provider, in the providers' order; waits for the ports, so call it from a
     * thread that may block (the one starting the application). What started is closed again if one fails.
     */
    static SimulatedVendors start(Map<String, Vendor> vendorsByProvider, Behaviour healthy) {
        Map<String, SimulatorServer> servers = new LinkedHashMap<>();
        try {
            vendorsByProvider.forEach((provider, vendor) -> servers.put(provider,
                    SimulatorServer.builder(vendor).behaviour(healthy).bind().block(START_TIMEOUT)));
        } catch (RuntimeException e) {
            servers.values().forEach(SimulatorServer::close);
            throw e;
        }
        return new SimulatedVendors(servers, healthy);
    }

    /** The providers served here, in priority order. */
    List<String> providers() {
        return new ArrayList<>(servers.keySet());
    }

    /** The URL the provider named {@code provider} takes as its {@code base-url}. */
    String baseUrl(String provider) {
        return server(provider).baseUrl();
    }

    /** The wire format the provider's server speaks. */
    Vendor vendor(String provider) {
        return server(provider).vendor();
    }

    /** Requests the provider's server received so far. */
    long requestsReceived(String provider) {
        return server(provider).stats().requestsReceived();
    }

    /** From now on the provider's server answers every request with 403, the vendor's ban. */
    void ban(String provider) {
        server(provider).setBehaviour(Behaviour.always(Fault.BAN_403));
        banned.add(provider);
    }

    /** Every server answers normally again. */
    void restoreAll() {
        servers.values().forEach(server -> server.setBehaviour(healthy));
        banned.clear();
    }

    boolean isBanned(String provider) {
        return banned.contains(provider);
    }

    private SimulatorServer server(String provider) {
        SimulatorServer server = servers.get(provider);
        if (server == null) {
            throw new IllegalArgumentException("no simulated vendor for provider '" + provider + "'");
        }
        return server;
    }

    @Override
    public void destroy() {
        servers.values().forEach(SimulatorServer::close);
    }
}
