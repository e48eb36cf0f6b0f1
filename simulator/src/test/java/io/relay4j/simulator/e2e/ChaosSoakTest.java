package io.relay4j.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.core.router.RetryConfig;
import io.relay4j.core.router.TimeoutConfig;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.providers.internal.http.HttpLlmProvider;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.SimulatorStats;
import io.relay4j.simulator.Vendor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Chaos soak: tens of thousands of whole-answer requests through the router over three simulated vendors on
 * real HTTP. OpenAI and Anthropic inject every fault the simulator knows, at random (seeded), into about a third
 * of their calls; Gemini, last in priority, is always healthy. With an attempt budget that covers an in-place
 * retry on each faulty provider plus the healthy one, every request must succeed, exactly once.
 *
 * <p>What is checked exactly: no request lost or answered twice; every call the router records reached its
 * simulator and nothing else did (calls = requests received, per server); every injected fault is one failed
 * attempt of the type the taxonomy gives it, and every healthy answer one successful attempt; every stalled call
 * was abandoned by the client (a cancellation on the server); afterwards no connection is lent out, no exchange
 * is open, and Netty reports no leaked buffer. No exception to these counts is needed: the simulator reads a
 * request before it resets the connection, so a reset call counts on both sides.
 *
 * <p>Streams are not part of the soak: {@code LlmRouter.stream} is not on this branch yet.
 */
@ExtendWith(NettyLeakGuard.class)
class ChaosSoakTest {

    private static final int REQUESTS = 20_000;
    private static final int CONCURRENCY = 128;
    /** Per fault type but the stall: eleven types make 33 % of the faulty providers' calls. */
    private static final double RATE_PER_FAULT = 0.03;
    /** Each stall holds a request until {@link #STALL_DEADLINE}: rarer, so that they do not dominate the run. */
    private static final double STALL_RATE = 0.005;
    /** Two calls (first try and one in-place retry) on each faulty provider, then the healthy one. */
    private static final int ATTEMPT_BUDGET = 2 + 2 + 1;
    private static final Duration RUN_LIMIT = Duration.ofMinutes(2);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(10);
    /**
     * Ends a stalled whole answer (reactor-netty's response timeout also bounds each read of the body). It must
     * exceed any healthy call's latency by far, even on a loaded two-core machine, since a healthy answer that
     * missed it would be counted as a timeout instead of what the server did: several seconds of margin.
     */
    private static final Duration STALL_DEADLINE = Duration.ofSeconds(10);

    private final List<SimulatorServer> servers = new ArrayList<>();
    private final List<HttpLlmProvider> providers = new ArrayList<>();
    private final List<PoolGauge> pools = new ArrayList<>();

    @AfterEach
    void stop() {
        providers.forEach(HttpLlmProvider::close);
        pools.forEach(PoolGauge::dispose);
        servers.forEach(SimulatorServer::disposeNow);
    }

    @Test
    void everyRequestSucceedsExactlyOnceWhileTwoOfThreeProvidersMisbehave() {
        SimulatorServer openaiServer = start(Vendor.OPENAI, chaos(1));
        SimulatorServer anthropicServer = start(Vendor.ANTHROPIC, chaos(2));
        SimulatorServer geminiServer = start(Vendor.GEMINI, Behaviour.builder().seed(3).build());
        HttpLlmProvider openai = connect(SimulatedVendor.OPENAI, openaiServer, true);
        HttpLlmProvider anthropic = connect(SimulatedVendor.ANTHROPIC, anthropicServer, true);
        HttpLlmProvider gemini = connect(SimulatedVendor.GEMINI, geminiServer, false);
        LlmRouter router = LlmRouter.builder()
                .provider(openai).provider(anthropic).provider(gemini)
                .maxAttemptsPerRequest(ATTEMPT_BUDGET)
                // in-place retries at once; a 429's retry-after (1 s) is never waited out, the request falls over
                .retry(RetryConfig.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5))
                        .jitterFactor(0).maxRetryAfterInPlace(Duration.ZERO).build())
                // short cooldowns keep the faulty providers in the traffic for most of the run
                .cooldown(CooldownConfig.builder().base(Duration.ofMillis(2)).max(Duration.ofMillis(20))
                        .longCooldown(Duration.ofMillis(20)).build())
                .timeouts(TimeoutConfig.builder().attempt(STALL_DEADLINE.multipliedBy(3)).request(RUN_LIMIT).build())
                .logging(false)
                .build();

        RequestLedger ledger = new RequestLedger(REQUESTS);
        long started = System.nanoTime();

        Flux.range(0, REQUESTS)
                .flatMap(i -> ledger.track(i, router.generate(LlmRequest.of("soak request " + i))), CONCURRENCY)
                .then()
                .block(RUN_LIMIT);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        awaitUntil(() -> pools.stream().allMatch(pool -> pool.acquired() == 0 && pool.pending() == 0)
                && servers.stream().allMatch(server -> server.stats().requestsInFlight() == 0),
                "connections returned and exchanges closed");
        Map<String, SimulatorStats> stats = Map.of("openai", openaiServer.stats(),
                "anthropic", anthropicServer.stats(), "gemini", geminiServer.stats());
        AttemptTally tally = ledger.attempts();
        report(took, ledger, stats);

        assertThat(ledger.lost()).as("requests never answered").isZero();
        assertThat(ledger.duplicated()).as("requests answered more than once").isZero();
        assertThat(ledger.failures()).as("failed requests (the healthy provider is last in line)").isEmpty();
        assertThat(ledger.answered()).isEqualTo(REQUESTS);
        for (String name : List.of("openai", "anthropic")) {
            SimulatorStats server = stats.get(name);
            assertThat(server.faultsInjected().keySet()).as("%s injected every fault type", name)
                    .containsExactlyInAnyOrder(Fault.values());
            assertThat(tally.calls(name)).as("%s: calls recorded by the router = requests its server received", name)
                    .isEqualTo(server.requestsReceived());
            assertThat(tally.count(name, Attempt.Outcome.SUCCESS)).as("%s: successful attempts = answers served", name)
                    .isEqualTo(server.answersCompleted());
            assertThat(tally.errors(name)).as("%s: failed attempts by type = faults injected, classified", name)
                    .isEqualTo(expectedErrors(vendorOf(name), server.faultsInjected()));
            assertThat(server.cancellations()).as("%s: every stalled call was abandoned by the client", name)
                    .isEqualTo(server.faults(Fault.STALL_MID_STREAM));
        }
        SimulatorStats healthy = stats.get("gemini");
        assertThat(healthy.totalFaults()).isZero();
        assertThat(tally.calls("gemini")).isEqualTo(healthy.requestsReceived());
        assertThat(tally.count("gemini", Attempt.Outcome.SUCCESS)).isEqualTo(healthy.answersCompleted())
                .isEqualTo(healthy.requestsReceived());
        assertThat(ledger.servedBy().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(REQUESTS);
        assertThat(pools).allSatisfy(pool -> assertThat(pool.acquired()).isZero());
    }

    private static Behaviour chaos(long seed) {
        Behaviour.Builder builder = Behaviour.builder().seed(seed).retryAfter(Duration.ofSeconds(1));
        for (Fault fault : Fault.values()) {
            builder.faultRate(fault, fault == Fault.STALL_MID_STREAM ? STALL_RATE : RATE_PER_FAULT);
        }
        return builder.build();
    }

    private SimulatorServer start(Vendor vendor, Behaviour behaviour) {
        SimulatorServer server = SimulatorServer.start(vendor, behaviour);
        servers.add(server);
        return server;
    }

    private HttpLlmProvider connect(SimulatedVendor vendor, SimulatorServer server, boolean misbehaves) {
        PoolGauge pool = new PoolGauge("soak-" + vendor.name(), 2 * CONCURRENCY);
        pools.add(pool);
        HttpLlmProvider provider = vendor.connect(server, builder -> {
            builder.connectionProvider(pool.provider());
            if (misbehaves) {
                builder.responseHeadersTimeout(STALL_DEADLINE).idleTimeout(STALL_DEADLINE)
                        .totalTimeout(STALL_DEADLINE.multipliedBy(2));
            }
        });
        providers.add(provider);
        return provider;
    }

    private static Vendor vendorOf(String provider) {
        return SimulatedVendor.valueOf(provider.toUpperCase(Locale.ROOT)).vendor();
    }

    /** The failed attempts each injected fault makes through a provider's whole-answer call. */
    private static Map<ErrorType, Long> expectedErrors(Vendor vendor, Map<Fault, Long> faults) {
        Map<ErrorType, Long> expected = new EnumMap<>(ErrorType.class);
        faults.forEach((fault, count) -> expected.merge(errorTypeOf(vendor, fault), count, Long::sum));
        return expected;
    }

    private static ErrorType errorTypeOf(Vendor vendor, Fault fault) {
        return switch (fault) {
            case BAN_403 -> ErrorType.POLICY_VIOLATION;
            case RATE_LIMIT_429, QUOTA_EXHAUSTED -> ErrorType.RATE_LIMITED;
            case OVERLOADED_529, UNAVAILABLE_503 -> ErrorType.OVERLOADED;
            case SERVER_ERROR_500, HTML_ERROR_PAGE -> ErrorType.SERVER_ERROR;
            case CONNECTION_RESET, TRUNCATED_STREAM -> ErrorType.TRANSPORT_ERROR;
            case STALL_MID_STREAM -> ErrorType.TIMEOUT;
            case MALFORMED_JSON -> ErrorType.MALFORMED_RESPONSE;
            // a whole answer gets the status error the vendor sends instead: OpenAI 500, Anthropic 529, Gemini 503
            case IN_STREAM_ERROR -> vendor == Vendor.OPENAI ? ErrorType.SERVER_ERROR : ErrorType.OVERLOADED;
        };
    }

    private static void awaitUntil(BooleanSupplier condition, String what) {
        Flux.interval(Duration.ZERO, Duration.ofMillis(10))
                .filter(tick -> condition.getAsBoolean())
                .next()
                .timeout(SETTLE_LIMIT, Mono.error(() -> new AssertionError("never settled: " + what)))
                .block();
    }

    private void report(Duration took, RequestLedger ledger, Map<String, SimulatorStats> stats) {
        AttemptTally tally = ledger.attempts();
        StringBuilder out = new StringBuilder("\n=== relay4j chaos soak ===\n");
        out.append(String.format("requests=%d concurrency=%d duration=%.1fs throughput=%.0f req/s%n", REQUESTS,
                CONCURRENCY, took.toMillis() / 1000.0, REQUESTS * 1000.0 / Math.max(1, took.toMillis())));
        out.append(String.format("answered=%d failed=%d lost=%d duplicated=%d%n", ledger.answered(),
                ledger.failures().size(), ledger.lost(), ledger.duplicated()));
        out.append("served by: ").append(ledger.servedBy()).append('\n');
        out.append("calls by kind: ").append(tally.callsByKind()).append('\n');
        out.append("slowest successful call: ").append(tally.slowestSuccess().toMillis()).append(" ms (deadline of the "
                + "faulty providers: ").append(STALL_DEADLINE.toMillis()).append(" ms)\n");
        for (String name : List.of("openai", "anthropic", "gemini")) {
            SimulatorStats s = stats.get(name);
            out.append(String.format("%s: received=%d answered=%d faults=%d cancellations=%d | router calls=%d "
                            + "success=%d failed=%d skipped=%d%n", name, s.requestsReceived(), s.answersCompleted(),
                    s.totalFaults(), s.cancellations(), tally.calls(name), tally.count(name, Attempt.Outcome.SUCCESS),
                    tally.count(name, Attempt.Outcome.FAILED), tally.count(name, Attempt.Outcome.SKIPPED)));
            out.append("  faults injected: ").append(s.faultsInjected()).append('\n');
            out.append("  failed attempts: ").append(tally.errors(name)).append('\n');
        }
        pools.forEach(pool -> out.append("pool after the run: ").append(pool).append('\n'));
        System.out.print(out);
    }
}
