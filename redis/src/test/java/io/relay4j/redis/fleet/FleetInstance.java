package io.relay4j.redis.fleet;

import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.providers.openai.OpenAiProvider;
import io.relay4j.redis.RedisFleet;
import io.relay4j.redis.testing.RecordedUpdates.Await;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * One instance of a service in a fleet, as a test builds it: its own {@link RedisFleet} (its own Redis
 * connections), its own providers {@code p} (the primary) and {@code q} (the fallback) on the shared simulated
 * vendors, its own router. Used in the test's JVM and in {@link FleetInstanceMain}'s.
 */
final class FleetInstance implements AutoCloseable {

    static final LlmRequest REQUEST = LlmRequest.of("hello");
    static final Duration WAIT = Duration.ofSeconds(8);

    final RedisFleet fleet;
    final LlmRouter router;
    private final OpenAiProvider p;
    private final OpenAiProvider q;

    FleetInstance(String id, String redisUri, String namespace, String pBaseUrl, String qBaseUrl,
                  CooldownConfig cooldown) {
        this(id, redisUri, namespace, pBaseUrl, qBaseUrl, cooldown, (fleet, router) -> router);
    }

    /** As the other constructor, with {@code more} set on the router's builder (given the instance's fleet). */
    FleetInstance(String id, String redisUri, String namespace, String pBaseUrl, String qBaseUrl,
                  CooldownConfig cooldown, BiFunction<RedisFleet, LlmRouter.Builder, LlmRouter.Builder> more) {
        fleet = RedisFleet.builder().uri(redisUri).namespace(namespace).instanceId(id)
                .resyncInterval(Duration.ofMillis(500))
                // a loaded test machine is slower than the default 250 ms now and then: a timeout means a local probe
                .commandTimeout(Duration.ofMillis(800)).build();
        p = OpenAiProvider.builder().name("p").apiKey("simulated").model("gpt-4o-mini").baseUrl(pBaseUrl).build();
        q = OpenAiProvider.builder().name("q").apiKey("simulated").model("gpt-4o-mini").baseUrl(qBaseUrl).build();
        router = more.apply(fleet, LlmRouter.builder().provider(p).provider(q).healthStore(fleet.healthStore())
                .cooldown(cooldown).logging(false)).build();
    }

    static CooldownConfig cooldown(Duration ban) {
        return CooldownConfig.custom().base(Duration.ofMillis(200)).max(ban).longCooldown(ban)
                .slowStart(Duration.ZERO).build();
    }

    /** Sends one request and returns the provider that served it. */
    String serve() {
        return router.generate(REQUEST).map(r -> r.provider()).block(WAIT);
    }

    void awaitConnected() {
        Await.until(fleet::connected, WAIT, fleet + " did not connect");
    }

    void awaitState(String provider, HealthState state) {
        Await.until(() -> router.health(provider).state() == state, WAIT,
                fleet.instanceId() + " never saw " + provider + " " + state + "; it sees " + router.health(provider));
    }

    @Override
    public void close() {
        router.close();
        p.close();
        q.close();
        fleet.close();
    }
}
