package io.relay4j.spring.boot.autoconfigure;

import static io.relay4j.spring.boot.autoconfigure.PropertyCheck.invalid;
import static io.relay4j.spring.boot.autoconfigure.PropertyCheck.set;

import io.micrometer.core.instrument.MeterRegistry;
import io.relay4j.redis.RedisFleet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.StringUtils;

/**
 * The one class of the auto-configuration, with {@link Relay4jRedisFleetAutoConfiguration} and
 * {@link Relay4jFleetHealthAutoConfiguration}, that names relay4j-redis, an optional dependency: it is loaded only
 * after {@link FleetStores} found {@link FleetStores#FLEET_CLASS} on the application's class path. It builds the
 * fleet from {@code relay4j.state.redis.*}, each value checked by {@link RedisFleet.Builder}'s setter and a refusal
 * reported with the property's name, and hands the fleet's stores to the router.
 */
final class RedisFleets {

    private static final String PREFIX = FleetStores.PREFIX;

    private RedisFleets() {
    }

    /**
     * The fleet {@code settings} describe; {@code applicationName} ({@code spring.application.name}) is the
     * namespace when none is set. Returns at once: the fleet connects in the background.
     */
    static RedisFleet build(Relay4jProperties.RedisState settings, Optional<String> applicationName,
                            Optional<MeterRegistry> meterRegistry) {
        RedisFleet.Builder b = RedisFleet.builder();
        PropertyCheck.setSecret(PREFIX + ".uri", settings.getUri(), b::uri, "a Redis URI in Lettuce's syntax:"
                + " redis://[[user]:password@]host[:port][/database], rediss:// for TLS, or"
                + " redis-sentinel://host:26379[,host2:26379]?sentinelMasterId=name");
        namespace(settings, applicationName, b);
        if (settings.getInstanceId() != null) {
            set(PREFIX + ".instance-id", settings.getInstanceId(), b::instanceId);
        }
        b.cluster(settings.isCluster());
        set(PREFIX + ".command-timeout", settings.getCommandTimeout(), b::commandTimeout);
        set(PREFIX + ".resync-interval", settings.getResyncInterval(), b::resyncInterval);
        meterRegistry.ifPresent(b::meterRegistry);
        try {
            return b.build();
        } catch (RuntimeException e) {
            // RedisFleet's messages name what is wrong with the URI without repeating it (it may hold a password)
            throw invalid(PREFIX + ".uri", "the value (not shown) is not accepted: " + e.getMessage());
        }
    }

    private static void namespace(Relay4jProperties.RedisState settings, Optional<String> applicationName,
                                  RedisFleet.Builder b) {
        String property = PREFIX + ".namespace";
        if (settings.getNamespace() != null) {
            set(property, settings.getNamespace(), b::namespace);
            return;
        }
        String name = applicationName.filter(StringUtils::hasText).orElseThrow(() -> invalid(property,
                "fleet mode needs a namespace, the fleet's name that every instance of the service shares (1 to 100"
                        + " characters of [A-Za-z0-9._-]): set it, or spring.application.name, which it defaults to"));
        try {
            b.namespace(name);
        } catch (RuntimeException e) {
            throw invalid(property, "not set, so it defaults to spring.application.name ('" + name + "'), which is"
                    + " not accepted: " + e.getMessage() + "; set " + property + " to 1 to 100 characters of"
                    + " [A-Za-z0-9._-]");
        }
    }

    /** The stores of the application's fleet, see {@link FleetStores#resolve}. */
    static FleetStores stores(Relay4jProperties.RedisState settings, ConfigurableListableBeanFactory beanFactory,
                              String dependent) {
        RedisFleet fleet = beanFactory.getBeanProvider(RedisFleet.class).getIfUnique();
        if (fleet == null) {
            return FleetStores.none();
        }
        for (String name : beanFactory.getBeanNamesForType(RedisFleet.class)) {
            if (beanFactory.getBean(name) == fleet) {
                // closed after the router: a router still open would go on writing to a closed fleet
                beanFactory.registerDependentBean(name, dependent);
            }
        }
        return new FleetStores(settings.isShareHealth() ? Optional.of(fleet.healthStore()) : Optional.empty(),
                settings.isShareBudgets() ? Optional.of(fleet.budgetStore()) : Optional.empty());
    }

    /** See {@link FleetStores#describer}. */
    static Supplier<Optional<Map<String, Object>>> describer(ConfigurableListableBeanFactory beanFactory) {
        return () -> Optional.ofNullable(beanFactory.getBeanProvider(RedisFleet.class).getIfUnique())
                .map(RedisFleets::describe);
    }

    /** The fleet's namespace, this instance's id and whether Redis is connected; never the URI. */
    static Map<String, Object> describe(RedisFleet fleet) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("namespace", fleet.namespace());
        details.put("instanceId", fleet.instanceId());
        details.put("connected", fleet.connected());
        return details;
    }
}
