package io.relay4j.benchmarks.fleet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.redis.RedisFleet;
import io.relay4j.redis.RedisFleetMeterNames;
import java.time.Duration;

/** What the fleet benchmark's parts share: building an instance's fleet and waiting for it, and the cooldowns. */
final class FleetRouters {

    private FleetRouters() {
    }

    /**
     * An instance's own {@link RedisFleet} (its own connections) with the fleet's defaults, its meters in
     * {@code registry}; returns once it is connected, so no measurement starts on local state.
     */
    static RedisFleet connectedFleet(String uri, String namespace, String instanceId, SimpleMeterRegistry registry)
            throws InterruptedException {
        RedisFleet fleet = RedisFleet.builder().uri(uri).namespace(namespace).instanceId(instanceId)
                .meterRegistry(registry).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!fleet.connected()) {
            if (System.nanoTime() - deadline > 0) {
                fleet.close();
                throw new IllegalStateException(fleet + " did not connect within 15 s");
            }
            Thread.sleep(10);
        }
        return fleet;
    }

    /** Every cooldown, a ban's included, lasts {@code cooldown}; a provider back gets its share at once. */
    static CooldownConfig cooldowns(Duration cooldown) {
        return CooldownConfig.custom().base(cooldown).max(cooldown).longCooldown(cooldown).slowStart(Duration.ZERO)
                .build();
    }

    /** A router of two providers in priority order, with its default settings but for the cooldowns and no logging. */
    static LlmRouter.Builder router(ScriptedProvider primary, ScriptedProvider fallback, CooldownConfig cooldowns) {
        return LlmRouter.builder().provider(primary).provider(fallback).cooldown(cooldowns).logging(false);
    }

    /** The sum of a counter over its tags: the fleet's Redis errors or its fallbacks to local state. */
    static long count(SimpleMeterRegistry registry, String name) {
        return (long) registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    static long redisErrors(SimpleMeterRegistry registry) {
        return count(registry, RedisFleetMeterNames.STORE_ERRORS);
    }

    static long fallbacks(SimpleMeterRegistry registry) {
        return count(registry, RedisFleetMeterNames.FALLBACKS);
    }
}
