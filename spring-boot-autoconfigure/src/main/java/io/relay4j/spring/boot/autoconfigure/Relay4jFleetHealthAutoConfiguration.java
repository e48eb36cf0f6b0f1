package io.relay4j.spring.boot.autoconfigure;

import io.relay4j.redis.RedisFleet;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;

/**
 * The {@code relay4jFleet} health component, when the application has a {@link RedisFleet} (fleet mode): the
 * fleet's namespace, this instance's id and whether Redis is connected. Redis down never takes the application out
 * of service, since routing goes on with local state: the component is then {@code DISCONNECTED}, a status Boot's
 * aggregation leaves out, so the aggregate keeps the providers' status. Turned off with
 * {@code management.health.relay4j-fleet.enabled=false}.
 */
@AutoConfiguration(after = Relay4jRedisFleetAutoConfiguration.class)
@ConditionalOnClass(name = {FleetStores.FLEET_CLASS,
        "org.springframework.boot.health.contributor.ReactiveHealthIndicator"})
@ConditionalOnSingleCandidate(RedisFleet.class)
@ConditionalOnEnabledHealthIndicator("relay4j-fleet")
public class Relay4jFleetHealthAutoConfiguration {

    /** The status of a fleet whose Redis is not connected: the router works on local state meanwhile. */
    static final String DISCONNECTED = "DISCONNECTED";

    /** The fleet's health component. */
    @Bean
    @ConditionalOnMissingBean(name = "relay4jFleetHealthIndicator")
    public ReactiveHealthIndicator relay4jFleetHealthIndicator(RedisFleet fleet) {
        return () -> Mono.fromSupplier(() -> Health.status(fleet.connected() ? Status.UP : new Status(DISCONNECTED))
                .withDetails(RedisFleets.describe(fleet))
                .build());
    }
}
