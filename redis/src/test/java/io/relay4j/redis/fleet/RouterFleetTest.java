package io.relay4j.redis.fleet;

import static io.relay4j.redis.fleet.FleetInstance.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmResponse;
import io.relay4j.core.health.EjectionReason;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.redis.testing.RecordedUpdates.Await;
import io.relay4j.redis.testing.RedisServerProcess;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.LatencyDistribution;
import io.relay4j.simulator.SimulatorServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routers that stand for the instances of one service, each with its own {@link io.relay4j.redis.RedisFleet} on its
 * own connections to a real Redis, in front of the same simulated vendors: {@code p} (the primary, whose requests
 * the simulator counts) and {@code q} (a healthy fallback). What one instance learns, the others act on.
 */
class RouterFleetTest {

    private FleetBackends backends;
    private RedisServerProcess redis;
    private SimulatorServer p;
    private SimulatorServer q;
    private final List<FleetInstance> instances = new ArrayList<>();
    private String namespace;
    private static int tests;

    @BeforeEach
    void start() {
        backends = new FleetBackends(Behaviour.healthy());
        redis = backends.redis;
        p = backends.p;
        q = backends.q;
        namespace = "router-fleet-" + (++tests);
    }

    @AfterEach
    void stop() {
        instances.forEach(FleetInstance::close);
        backends.close();
    }

    private FleetInstance instance(String id, CooldownConfig cooldown) {
        FleetInstance instance = new FleetInstance(id, redis.uri(), namespace, p.baseUrl(), q.baseUrl(), cooldown);
        instances.add(instance);
        instance.awaitConnected();
        return instance;
    }

    private FleetInstance instance(String id) {
        return instance(id, FleetInstance.cooldown(Duration.ofMinutes(5)));
    }

    private long callsToP() {
        return p.stats().requestsReceived();
    }

    @Test
    void afterOneInstanceIsBannedTheOthersSkipTheProviderWithoutCallingIt() {
        FleetInstance a = instance("a");
        FleetInstance b = instance("b");
        FleetInstance c = instance("c");
        p.setBehaviour(Behaviour.always(Fault.BAN_403));

        assertThat(a.serve()).isEqualTo("q");
        assertThat(callsToP()).isEqualTo(1);

        b.awaitState("p", HealthState.COOLING_DOWN);
        c.awaitState("p", HealthState.COOLING_DOWN);
        for (int i = 0; i < 5; i++) {
            assertThat(b.serve()).isEqualTo("q");
            assertThat(c.serve()).isEqualTo("q");
        }
        assertThat(callsToP()).as("b and c never called the banned provider").isEqualTo(1);
        assertThat(b.router.health("p").reason()).contains(EjectionReason.IMMEDIATE);
    }

    @Test
    void whenTheCooldownEndsOneProbeGoesOutFromTheWholeFleet() {
        CooldownConfig shortBan = FleetInstance.cooldown(Duration.ofMillis(1500));
        List<FleetInstance> fleet = List.of(instance("a", shortBan), instance("b", shortBan), instance("c", shortBan));
        p.setBehaviour(Behaviour.always(Fault.BAN_403));
        assertThat(fleet.get(0).serve()).isEqualTo("q");
        fleet.forEach(i -> i.awaitState("p", HealthState.COOLING_DOWN));
        // p is back, and slow: its probe stays in flight long enough for every instance to ask for p many times
        p.setBehaviour(Behaviour.builder().latency(LatencyDistribution.fixed(Duration.ofMillis(1500))).build());

        Queue<String> served = new ConcurrentLinkedQueue<>();
        Queue<Throwable> failed = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        long probeSeenAt = 0;
        while (System.nanoTime() - deadline < 0) {
            for (FleetInstance instance : fleet) {
                instance.router.generate(FleetInstance.REQUEST).map(LlmResponse::provider)
                        .subscribe(served::add, failed::add);
            }
            if (probeSeenAt == 0 && callsToP() > 1) {
                probeSeenAt = System.nanoTime();
            }
            if (probeSeenAt != 0 && System.nanoTime() - probeSeenAt > TimeUnit.MILLISECONDS.toNanos(800)) {
                break;
            }
            pause(Duration.ofMillis(20));
        }
        assertThat(probeSeenAt).as("no probe went out after the cooldown").isNotZero();
        assertThat(callsToP()).as("one probe for the fleet of three, not one per instance").isEqualTo(2);

        fleet.forEach(i -> i.awaitState("p", HealthState.HEALTHY));
        Await.until(() -> served.contains("p"), WAIT, "the probe never answered");
        assertThat(failed).isEmpty();
    }

    @Test
    void aRateLimitsRetryAfterLearnedByOneInstanceIsHonouredByTheOthers() {
        FleetInstance a = instance("a");
        FleetInstance b = instance("b");
        p.setBehaviour(Behaviour.builder().faultRate(Fault.RATE_LIMIT_429, 1.0).retryAfter(Duration.ofSeconds(3))
                .build());

        assertThat(a.serve()).isEqualTo("q");
        p.setBehaviour(Behaviour.healthy());
        b.awaitState("p", HealthState.COOLING_DOWN);

        assertThat(b.router.health("p").reason()).contains(EjectionReason.RATE_LIMITED);
        assertThat(b.router.health("p").cooldownRemaining().orElseThrow())
                .as("the vendor's retry-after, not a cooldown of b's own")
                .isGreaterThan(Duration.ofMillis(1500)).isLessThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(b.serve()).isEqualTo("q");
        assertThat(callsToP()).isEqualTo(1);

        Await.until(() -> "p".equals(b.serve()), WAIT, "b never went back to p after the wait");
    }

    @Test
    void redisKilledMidRunAndRestartedFailsNoRequestAndTheFleetConvergesAfter() {
        FleetInstance a = instance("a");
        FleetInstance b = instance("b");
        Queue<Throwable> failed = new ConcurrentLinkedQueue<>();
        AtomicInteger served = new AtomicInteger();
        Runnable traffic = () -> {
            for (FleetInstance instance : List.of(a, b)) {
                instance.router.generate(FleetInstance.REQUEST).subscribe(r -> served.incrementAndGet(), failed::add);
            }
        };

        traffic.run();
        redis.kill();
        Await.until(() -> !a.fleet.connected() && !b.fleet.connected(), WAIT, "the fleets never saw Redis go");
        for (int i = 0; i < 10; i++) {
            traffic.run();
            pause(Duration.ofMillis(20));
        }
        a.router.disable("p"); // learned while Redis is down: b cannot hear of it yet
        for (int i = 0; i < 10; i++) {
            traffic.run();
            pause(Duration.ofMillis(20));
        }
        assertThat(b.router.health("p").state()).isEqualTo(HealthState.HEALTHY);

        redis.restart();
        for (int i = 0; i < 10; i++) {
            traffic.run();
            pause(Duration.ofMillis(20));
        }

        b.awaitState("p", HealthState.DISABLED);
        Await.until(() -> served.get() == 62, WAIT, "not every request was served: " + served + " of 62");
        assertThat(failed).as("no request failed because of Redis").isEmpty();
        Await.until(() -> a.fleet.connected() && b.fleet.connected(), WAIT, "the fleets never reconnected");
    }

    @Test
    void anInstanceInAnotherJvmSkipsTheProviderThisOneWasBannedBy() throws Exception {
        FleetInstance a = instance("a");
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                FleetInstanceMain.class.getName(), redis.uri(), namespace, p.baseUrl(), q.baseUrl())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(),
                StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(other.getOutputStream(), StandardCharsets.UTF_8)) {
            assertThat(readProtocolLine(out)).isEqualTo("FLEET READY");
            p.setBehaviour(Behaviour.always(Fault.BAN_403));

            assertThat(a.serve()).isEqualTo("q");
            in.write("serve-when-p-cooling\n");
            in.flush();

            assertThat(readProtocolLine(out)).isEqualTo("FLEET SERVED q");
            assertThat(callsToP()).as("the other JVM never called the banned provider").isEqualTo(1);
            assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            other.destroyForcibly();
        }
    }

    /** The next line that starts with {@code FLEET }; the child's logs are skipped. */
    private static String readProtocolLine(BufferedReader out) throws Exception {
        List<String> skipped = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("FLEET ")) {
                return line;
            }
            skipped.add(line);
        }
        throw new AssertionError("the other JVM ended without a protocol line; its output: " + skipped);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
