package io.relay4j.spring.boot.autoconfigure;

import io.relay4j.core.LlmRouter;
import io.relay4j.core.health.ProviderHealth;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Mono;

/**
 * The router's health in the actuator: one component per provider, read from {@link LlmRouter#health()} each time
 * (so providers added or removed at run time appear and go), with the statuses of {@link ProviderStatus}: the
 * aggregate is {@code UP} while at least one provider can serve and {@code DOWN} only when none can.
 */
final class Relay4jHealthContributor implements CompositeReactiveHealthContributor {

    private final LlmRouter router;
    private final Clock clock;

    Relay4jHealthContributor(LlmRouter router, Clock clock) {
        this.router = router;
        this.clock = clock;
    }

    @Override
    public ReactiveHealthContributor getContributor(String name) {
        return router.providerNames().contains(name) ? indicator(name) : null;
    }

    @Override
    public Stream<Entry> stream() {
        return router.providerNames().stream().map(name -> new Entry(name, indicator(name)));
    }

    private ReactiveHealthIndicator indicator(String name) {
        return () -> Mono.fromSupplier(() -> health(name));
    }

    private Health health(String name) {
        List<ProviderHealth> all = router.health();
        Optional<ProviderHealth> health = all.stream().filter(h -> h.provider().equals(name)).findFirst();
        if (health.isEmpty()) {
            // removed from the router since its name was listed
            return Health.unknown().withDetail("state", "REMOVED").build();
        }
        ProviderHealth h = health.get();
        return Health.status(new Status(ProviderStatus.code(h, ProviderStatus.anyAvailable(all))))
                .withDetails(ProviderStatus.details(h, clock.instant()))
                .build();
    }
}
