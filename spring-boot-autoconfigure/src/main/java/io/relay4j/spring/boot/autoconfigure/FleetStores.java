package io.relay4j.spring.boot.autoconfigure;

import io.relay4j.core.spi.BudgetStore;
import io.relay4j.core.spi.HealthStore;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * What the router takes from the application's fleet (fleet mode, {@code relay4j.state.redis.*}): the shared health
 * store and budget store, each when its {@code share-*} property is on. relay4j-redis is an optional dependency, so
 * this class only checks that it is on the class path and leaves everything that names it to {@link RedisFleets}.
 */
final class FleetStores {

    /** The class whose presence means relay4j-redis is on the class path. */
    static final String FLEET_CLASS = "io.relay4j.redis.RedisFleet";
    static final String PREFIX = Relay4jProperties.PREFIX + ".state.redis";

    private static final FleetStores NONE = new FleetStores(Optional.empty(), Optional.empty());

    private final Optional<HealthStore> health;
    private final Optional<BudgetStore> budgets;

    FleetStores(Optional<HealthStore> health, Optional<BudgetStore> budgets) {
        this.health = health;
        this.budgets = budgets;
    }

    static FleetStores none() {
        return NONE;
    }

    /** The store provider health goes to, when the fleet shares it. */
    Optional<HealthStore> health() {
        return health;
    }

    /** The store the router's budget tracker keeps its totals in, when the fleet shares budgets. */
    Optional<BudgetStore> budgets() {
        return budgets;
    }

    /** Whether {@code relay4j.state.redis.uri} turns fleet mode on (set, not blank). */
    static boolean uriSet(Relay4jProperties properties) {
        return StringUtils.hasText(properties.getState().getRedis().getUri());
    }

    /**
     * The stores of the application's {@code RedisFleet} bean (the auto-configured one or its own), which
     * {@code dependent} (the router bean) is registered as depending on, so the router is closed before the fleet.
     * None without a fleet. Fails, naming the property and the artifact, when the uri is set but relay4j-redis is
     * not on the class path.
     */
    static FleetStores resolve(Relay4jProperties properties, ConfigurableListableBeanFactory beanFactory,
                               String dependent) {
        if (!present(beanFactory)) {
            if (uriSet(properties)) {
                PropertyCheck.requireModule(PREFIX + ".uri", "fleet mode", "relay4j-redis", FLEET_CLASS,
                        beanFactory.getBeanClassLoader(), "remove " + PREFIX + ".uri to keep the router's state in this"
                        + " instance");
            }
            return none();
        }
        return RedisFleets.stores(properties.getState().getRedis(), beanFactory, dependent);
    }

    /** What the actuator shows of the application's fleet, read at each call; empty without one. */
    static Supplier<Optional<Map<String, Object>>> describer(ConfigurableListableBeanFactory beanFactory) {
        if (!present(beanFactory)) {
            return Optional::empty;
        }
        return RedisFleets.describer(beanFactory);
    }

    private static boolean present(ConfigurableListableBeanFactory beanFactory) {
        return ClassUtils.isPresent(FLEET_CLASS, beanFactory.getBeanClassLoader());
    }
}
