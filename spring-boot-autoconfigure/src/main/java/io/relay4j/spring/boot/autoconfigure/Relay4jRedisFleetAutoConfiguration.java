package io.relay4j.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.relay4j.redis.RedisFleet;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Fleet mode on Redis: a {@link RedisFleet} bean built from {@code relay4j.state.redis.*} when
 * {@code relay4j.state.redis.uri} is set and relay4j-redis is on the class path, unless the application defines its
 * own {@code RedisFleet} (which the router then uses). The router built by {@link Relay4jAutoConfiguration} shares
 * its provider health and budgets through the fleet (each with its {@code share-*} property) and is closed before
 * it. The namespace defaults to {@code spring.application.name}; the application's {@link MeterRegistry} receives
 * the fleet's meters. Building the fleet never waits for Redis: the application starts, and routes on local state,
 * while Redis is down.
 */
@AutoConfiguration(before = Relay4jAutoConfiguration.class)
@ConditionalOnClass(name = FleetStores.FLEET_CLASS)
@ConditionalOnProperty(prefix = Relay4jProperties.PREFIX, name = "enabled", havingValue = "true", matchIfMissing = true)
@Conditional(Relay4jRedisFleetAutoConfiguration.OnFleetUri.class)
@EnableConfigurationProperties(Relay4jProperties.class)
public class Relay4jRedisFleetAutoConfiguration {

    /** The fleet; closed with the context, after the router. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public RedisFleet relay4jRedisFleet(Relay4jProperties properties, ObjectProvider<MeterRegistry> meterRegistry,
                                        Environment environment) {
        return RedisFleets.build(properties.getState().getRedis(),
                Optional.ofNullable(environment.getProperty("spring.application.name")),
                Optional.ofNullable(meterRegistry.getIfUnique()));
    }

    /** Matches when {@code relay4j.state.redis.uri} is set to a non-blank value ({@code ${REDIS_URL:}} may be empty). */
    static final class OnFleetUri extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String property = FleetStores.PREFIX + ".uri";
            return StringUtils.hasText(context.getEnvironment().getProperty(property))
                    ? ConditionOutcome.match(property + " is set")
                    : ConditionOutcome.noMatch(property + " is not set");
        }
    }
}
