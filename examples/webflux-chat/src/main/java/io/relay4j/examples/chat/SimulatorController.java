package io.relay4j.examples.chat;

import io.relay4j.core.LlmRouter;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The page's switch over the simulated vendors: {@code GET /simulator} tells whether the example runs on the
 * simulator and which providers are banned; {@code POST /simulator/ban-primary} makes the router's first provider
 * answer 403 from now on, so the next question moves to another; {@code POST /simulator/restore} lifts every ban
 * and puts the providers back in rotation at once (a banned provider otherwise cools down for
 * {@code relay4j.router.cooldown.long-cooldown}). With the simulator off (profile {@code real}) the two writes
 * answer 404: a real vendor cannot be told to ban.
 */
@RestController
class SimulatorController {

    private final Optional<SimulatedVendors> simulated;
    private final LlmRouter router;

    SimulatorController(ObjectProvider<SimulatedVendors> simulated, LlmRouter router) {
        this.simulated = Optional.ofNullable(simulated.getIfAvailable());
        this.router = router;
    }

    /** {@code GET /simulator}: whether the simulator runs, and each provider with its ban. */
    record State(boolean enabled, List<ProviderState> providers) {
    }

    record ProviderState(String name, String vendor, boolean banned) {
    }

    @GetMapping("/simulator")
    State state() {
        return simulated.map(vendors -> new State(true, router.providerNames().stream()
                        .map(name -> new ProviderState(name, vendors.vendor(name).name(), vendors.isBanned(name)))
                        .toList()))
                .orElseGet(() -> new State(false, List.of()));
    }

    @PostMapping("/simulator/ban-primary")
    State banPrimary() {
        vendors().ban(router.providerNames().get(0));
        return state();
    }

    @PostMapping("/simulator/restore")
    State restore() {
        vendors().restoreAll();
        for (String name : router.providerNames()) {
            // disable then enable puts a provider back as healthy, out of any cooldown its ban caused
            router.disable(name);
            router.enable(name);
        }
        return state();
    }

    private SimulatedVendors vendors() {
        return simulated.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "the simulator is off (profile real): a real vendor cannot be banned from here"));
    }
}
