package io.relay4j.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.core.router.RetryConfig;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.router.TimeoutConfig;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.SimulatorStats;
import io.relay4j.simulator.Simulators;
import io.relay4j.simulator.Vendor;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Chaos soak: tens of thousands of requests, half whole answers and half streams, interleaved, through routers
 * over simulated vendors on real HTTP. Each operation has its own router over its own three servers, because a
 * server's statistics do not tell streams from whole answers and the same fault fails them differently (a broken
 * stream event is skipped, a truncated stream is a malformed response): separate servers keep every count exact.
 * OpenAI and Anthropic inject every failure the simulator knows but refusals (see {@link #injected}), at random
 * (seeded), into about a third of their calls; Gemini, last in priority, is always healthy. With an attempt budget that covers an in-place
 * retry on each faulty provider plus the healthy one, every request must succeed, exactly once.
 *
 * <p>What is checked exactly: no request lost or answered twice; every call the router records reached its
 * simulator and nothing else did (calls = requests received, per server); every injected fault is one failed
 * attempt of the type the taxonomy gives it, and every healthy answer one successful attempt; every stalled call
 * was abandoned by the client (a cancellation on the server); afterwards no connection is lent out, no exchange
 * is open, and Netty reports no leaked buffer. No exception to these counts is needed: the simulator reads a
 * request before it resets the connection, so a reset call counts on both sides.
 *
 * <p>A count that is off fails with the lane's figures, so that a build log alone tells a router bug from a
 * starved machine: per provider the calls by outcome with their latencies, failures by type, timeouts by
 * deadline with the shortest (a deadline never fires early), the machine's load and the JVM's garbage
 * collection. Every request ends within the router's request deadline, so a request open for longer hangs: the
 * run stops at once and reports it; one still open when a slow run is cut is reported with how long it was.
 *
 * <p>Streams: a stream's answer is its last chunk, and it must end exactly once. Every mid-stream fault (stall,
 * in-stream error, truncation) strikes after the commit point (the first text token), so the stream router
 * resumes: the answer continues on the next provider and the request succeeds. Hence no request may end with
 * {@code StreamInterrupted}; instead every mid-stream fault leads to a {@link Attempt.Kind#RESUME} call, every
 * stream's text is non-empty, and every resumed stream reports its RESUME attempt. Cancellations a router makes
 * itself ({@link Attempt.Outcome#CANCELLED}) are added to the stalls the servers saw abandoned.
 *
 * <p>Tool traffic: {@link #CONVERSATIONS} agent conversations (a streamed ask with two tools, single or parallel
 * calls; the calls' results sent back for a whole final answer) run among the other requests on a third router over
 * its own servers in the same chaos ({@link ToolConversationLedger}). Every conversation must complete, and no tool
 * call may be lost, duplicated or partial: a mid-stream fault strikes inside the first call's arguments, before it
 * is complete, so the stream falls over invisibly.
 */
@ExtendWith(NettyLeakGuard.class)
class ChaosSoakTest {

    /** Half whole answers (even numbers), half streams (odd numbers). */
    private static final int REQUESTS = 18_000;
    /**
     * Tool conversations besides (two requests each: a streamed ask with tools, a whole final answer), one in every
     * {@link #CONVERSATION_EVERY} slots of the run, on their own router and servers in the same chaos.
     */
    private static final int CONVERSATIONS = 1_000;
    private static final int CONVERSATION_EVERY = REQUESTS / CONVERSATIONS + 1;
    /**
     * Requests in flight. The run is CPU-bound, so its throughput does not depend on this, but every call's
     * latency does (about the requests in flight over the throughput), and the exact counts need every healthy
     * call far inside {@link #STALL_DEADLINE}: a healthy answer the deadline beat is a timeout to the router and
     * an answer to its server. At 128, a two-core machine at load 13 to 16 saw healthy calls of up to 10 s and
     * timed out answers its servers had sent (the router's deadlines run on its own timer, so they also fire
     * while an answer waits unread behind a starved event loop); at 32, its slowest healthy call stayed under
     * 5 s at load 18, at the same throughput. Still 32 concurrent requests on four event loops and two cores:
     * every race the soak is after.
     */
    private static final int CONCURRENCY = 32;
    /** Per fault type but the stall: eleven types make 33 % of the faulty providers' calls. */
    private static final double RATE_PER_FAULT = 0.03;
    /** Each stall holds a request until {@link #STALL_DEADLINE}: rarer, so that they do not dominate the run. */
    private static final double STALL_RATE = 0.005;
    /** Two calls (first try and one in-place retry) on each faulty provider, then the healthy one. */
    private static final int ATTEMPT_BUDGET = 2 + 2 + 1;
    /**
     * The router's request deadline: every request ends by itself within it, whatever the providers do, so a
     * request open for longer hangs (a bug), while one open for less at the end of a slow run was only slow.
     */
    private static final Duration REQUEST_DEADLINE = Duration.ofMinutes(2);
    /**
     * How long the run may take before it is cut and its unfinished requests reported: only a machine starved
     * for minutes gets there (the run takes about a minute on two cores), never a hang, which is caught sooner.
     */
    private static final Duration RUN_GUARD = Duration.ofMinutes(10);
    /** How often the run looks for a request open beyond its deadline (a hang ends the run at once). */
    private static final Duration HANG_CHECK = Duration.ofSeconds(1);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(10);
    /**
     * Ends a stall: the faulty providers' first-token deadline (for a whole answer, the answer's deadline), their
     * idle deadline, and their transport's response timeout, which also bounds each read of a whole answer's
     * body. It must exceed any healthy call's latency by far, even on a loaded two-core machine, since a healthy
     * answer that missed it would be counted as a timeout instead of what the server did (see
     * {@link #CONCURRENCY}); each stall holds a request this long, so it also sets the run's length.
     */
    private static final Duration STALL_DEADLINE = Duration.ofSeconds(10);
    /** The faulty providers' deadlines: a stall ends after {@link #STALL_DEADLINE}. */
    private static final ProviderOptions MISBEHAVING = ProviderOptions.custom().firstTokenTimeout(STALL_DEADLINE)
            .idleTimeout(STALL_DEADLINE).attemptTimeout(STALL_DEADLINE.multipliedBy(2)).build();

    private final List<SimulatorServer> servers = new ArrayList<>();
    private final List<LlmProvider> providers = new ArrayList<>();
    private final List<PoolGauge> pools = new ArrayList<>();

    @AfterEach
    void stop() {
        providers.forEach(LlmProvider::close);
        pools.forEach(PoolGauge::dispose);
        servers.forEach(Simulators::stop);
    }

    @Test
    void everyRequestSucceedsExactlyOnceWhileTwoOfThreeProvidersMisbehave() {
        Lane generates = lane("generate", false, 0, REQUESTS / 2);
        Lane streams = lane("stream", true, 10, REQUESTS / 2);
        long started = System.nanoTime();

        Lane tools = lane("tools", true, 20, CONVERSATIONS);
        ToolConversationLedger conversations = new ToolConversationLedger();
        Mono<Void> run = Flux.range(0, REQUESTS + CONVERSATIONS)
                .flatMap(slot -> {
                    if (slot % CONVERSATION_EVERY == CONVERSATION_EVERY - 1) {
                        return conversations.converse(tools.router(), slot / CONVERSATION_EVERY);
                    }
                    int i = slot - slot / CONVERSATION_EVERY;
                    return i % 2 == 0
                            ? generates.ledger().track(i / 2, generates.router().generate(request(i)))
                            : streams.ledger().trackStream(i / 2, streams.router().stream(request(i)));
                }, CONCURRENCY)
                .then();
        // a request open beyond its deadline hangs: the run ends at once and the request is reported as lost
        Mono<Void> hang = Flux.interval(HANG_CHECK, HANG_CHECK)
                .filter(tick -> Math.max(generates.ledger().longestOpen(), streams.ledger().longestOpen())
                        > REQUEST_DEADLINE.plus(HANG_CHECK).plus(SETTLE_LIMIT).toNanos())
                .next()
                .then();
        Mono.firstWithSignal(run, hang)
                // requests still open when the run is cut are reported as lost rather than failing it blindly
                .timeout(RUN_GUARD, Mono.empty())
                .block();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        awaitUntil(() -> pools.stream().allMatch(pool -> pool.acquired() == 0 && pool.pending() == 0)
                && servers.stream().allMatch(server -> server.stats().requestsInFlight() == 0),
                "connections returned and exchanges closed");
        System.out.print(header(took) + generates.report() + streams.report() + conversations.report()
                + poolReport());
        assertThat(conversations.started()).isEqualTo(CONVERSATIONS);
        assertThat(conversations.failures()).as("tool conversations that failed").isEmpty();
        assertThat(conversations.completed()).as("tool conversations completed").isEqualTo(CONVERSATIONS);
        assertThat(conversations.lostCalls()).as("tool calls lost").isZero();
        assertThat(conversations.duplicatedCalls()).as("tool calls duplicated").isZero();
        assertThat(conversations.partialCalls()).as("tool calls partial").isZero();

        for (Lane lane : List.of(generates, streams)) {
            try {
                lane.assertExact();
            } catch (AssertionError mismatch) {
                // the CI log must be enough to tell a router bug from a slow machine: the lane's figures, each
                // provider's calls by outcome (slow ones apart), failures by type and timeouts by deadline
                throw new AssertionError(mismatch.getMessage() + System.lineSeparator() + header(took)
                        + lane.report(), mismatch);
            }
        }
        assertThat(streams.ledger().emptyStreams()).as("streams without text").isZero();
        assertThat(streams.ledger().resumedStreams()).as("streams that continued on another provider")
                .isPositive().isLessThanOrEqualTo(streams.tally().callsByKind().get(Attempt.Kind.RESUME));
        assertThat(generates.tally().callsByKind()).doesNotContainKey(Attempt.Kind.RESUME);
        assertThat(pools).allSatisfy(pool -> assertThat(pool.acquired()).isZero());
    }

    private static LlmRequest request(int i) {
        return LlmRequest.of("soak request " + i);
    }

    /** One operation's router over its own three servers (OpenAI and Anthropic in chaos, Gemini healthy). */
    private Lane lane(String label, boolean streaming, long seed, int requests) {
        Map<String, SimulatorServer> laneServers = new LinkedHashMap<>();
        laneServers.put("openai", start(Vendor.OPENAI, chaos(seed + 1, streaming)));
        laneServers.put("anthropic", start(Vendor.ANTHROPIC, chaos(seed + 2, streaming)));
        laneServers.put("gemini", start(Vendor.GEMINI, Behaviour.builder().seed(seed + 3).build()));
        LlmRouter router = LlmRouter.builder()
                .provider(connect(label, SimulatedVendor.OPENAI, laneServers.get("openai"), true), MISBEHAVING)
                .provider(connect(label, SimulatedVendor.ANTHROPIC, laneServers.get("anthropic"), true), MISBEHAVING)
                .provider(connect(label, SimulatedVendor.GEMINI, laneServers.get("gemini"), false))
                .maxAttemptsPerRequest(ATTEMPT_BUDGET)
                // in-place retries at once; a 429's retry-after (1 s) is never waited out, the request falls over
                .retry(RetryConfig.custom().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5))
                        .jitterFactor(0).maxRetryAfterInPlace(Duration.ZERO).build())
                // short cooldowns keep the faulty providers in the traffic for most of the run
                .cooldown(CooldownConfig.custom().base(Duration.ofMillis(2)).max(Duration.ofMillis(20))
                        .longCooldown(Duration.ofMillis(20)).build())
                // the faulty providers' own deadlines (MISBEHAVING) end a stall; the router's are later
                .timeouts(TimeoutConfig.custom().firstToken(STALL_DEADLINE.multipliedBy(3))
                        .idle(STALL_DEADLINE.multipliedBy(3)).attempt(STALL_DEADLINE.multipliedBy(3)).request(REQUEST_DEADLINE)
                        .build())
                // resume after a mid-stream fault
                .streaming(StreamConfig.custom().resume(true).build())
                .logging(false)
                .build();
        return new Lane(label, streaming, laneServers, router, new RequestLedger(requests));
    }

    private static Behaviour chaos(long seed, boolean streaming) {
        Behaviour.Builder builder = Behaviour.builder().seed(seed).retryAfter(Duration.ofSeconds(1));
        for (Fault fault : injected(streaming)) {
            builder.faultRate(fault, fault == Fault.STALL_MID_STREAM ? STALL_RATE : RATE_PER_FAULT);
        }
        return builder.build();
    }

    /**
     * Every fault, but for streams a broken event: the provider skips it and the stream succeeds, which the server
     * counts as a fault and not an answer, and depending on how the event splits across reads Anthropic's stream
     * may instead fail with a transport error; neither count could be predicted exactly from the server's figures.
     */
    private static Set<Fault> injected(boolean streaming) {
        Set<Fault> faults = EnumSet.allOf(Fault.class);
        // a refusal fails the request fast by design (the prompt is the cause), and a stream finished without its
        // end marker is an answer the server counts as a fault: RefusalsAndFinishSignsEndToEndTest covers both.
        // An empty answer is a whole status-200 exchange to the server's transport figures (a complete stream, a
        // whole body) that the router fails as EMPTY_ANSWER with a backoff cooldown: one more fault at the same
        // rate would raise the soak's total fault rate, whose load-sensitive figures are tuned without it;
        // EmptyAnswerEndToEndTest covers it on every vendor, whole and streamed
        faults.removeAll(EnumSet.of(Fault.PROMPT_REFUSED, Fault.ANSWER_REFUSED, Fault.FINISHED_WITHOUT_END_MARKER,
                Fault.EMPTY_ANSWER));
        if (streaming) {
            faults.remove(Fault.MALFORMED_JSON);
        }
        return faults;
    }

    private SimulatorServer start(Vendor vendor, Behaviour behaviour) {
        SimulatorServer server = Simulators.start(vendor, behaviour);
        servers.add(server);
        return server;
    }

    private LlmProvider connect(String lane, SimulatedVendor vendor, SimulatorServer server, boolean misbehaves) {
        PoolGauge pool = new PoolGauge("soak-" + lane + "-" + vendor.name(), 2 * CONCURRENCY);
        pools.add(pool);
        LlmProvider provider = vendor.connect(server, builder -> {
            builder.connectionProvider(pool.provider());
            if (misbehaves) {
                builder.responseHeadersTimeout(STALL_DEADLINE);
            }
        });
        providers.add(provider);
        return provider;
    }

    private static Vendor vendorOf(String provider) {
        return SimulatedVendor.valueOf(provider.toUpperCase(Locale.ROOT)).vendor();
    }

    /** The failed attempts each injected fault makes through a provider's whole-answer call or stream. */
    private static Map<ErrorType, Long> expectedErrors(Vendor vendor, boolean streaming, Map<Fault, Long> faults) {
        Map<ErrorType, Long> expected = new EnumMap<>(ErrorType.class);
        faults.forEach((fault, count) -> expected.merge(streaming ? streamErrorTypeOf(vendor, fault)
                : errorTypeOf(vendor, fault), count, Long::sum));
        return expected;
    }

    /** A stream's failure for a fault (a broken event is not injected into streams: see {@link #injected}). */
    private static ErrorType streamErrorTypeOf(Vendor vendor, Fault fault) {
        return switch (fault) {
            // the stream closes cleanly without the vendor's end marker: nothing broke on the wire
            case TRUNCATED_STREAM -> ErrorType.MALFORMED_RESPONSE;
            // the vendor's in-stream error event: OpenAI's is a server error, Anthropic's an overloaded_error
            case IN_STREAM_ERROR -> vendor == Vendor.OPENAI ? ErrorType.SERVER_ERROR : ErrorType.OVERLOADED;
            default -> errorTypeOf(vendor, fault);
        };
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
            case PROMPT_REFUSED, ANSWER_REFUSED -> ErrorType.CONTENT_FILTERED;
            case EMPTY_ANSWER -> ErrorType.EMPTY_ANSWER;
            case FINISHED_WITHOUT_END_MARKER -> throw new IllegalArgumentException(fault + " fails no attempt");
        };
    }

    private static void awaitUntil(BooleanSupplier condition, String what) {
        Flux.interval(Duration.ZERO, Duration.ofMillis(10))
                .filter(tick -> condition.getAsBoolean())
                .next()
                .timeout(SETTLE_LIMIT, Mono.error(() -> new AssertionError("never settled: " + what)))
                .block();
    }

    /** The run's figures, with what tells a starved machine apart: its load and this JVM's garbage collection. */
    private static String header(Duration took) {
        long collections = 0;
        long collectionMillis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += Math.max(0, collector.getCollectionCount());
            collectionMillis += Math.max(0, collector.getCollectionTime());
        }
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        long cpuMillis = os instanceof com.sun.management.OperatingSystemMXBean process
                ? Duration.ofNanos(process.getProcessCpuTime()).toMillis() : -1;
        return String.format(Locale.ROOT, "%n=== relay4j chaos soak ===%nrequests=%d (generate=%d stream=%d tool conversations=%d x 2) "
                        + "concurrency=%d duration=%.1fs throughput=%.0f req/s | load average=%.1f on %d cores, "
                        + "JVM cpu=%.1fs, gc: %d collections, %d ms%n", REQUESTS + 2 * CONVERSATIONS, REQUESTS / 2,
                REQUESTS / 2, CONVERSATIONS,
                CONCURRENCY, took.toMillis() / 1000.0, (REQUESTS + 2 * CONVERSATIONS) * 1000.0 / Math.max(1, took.toMillis()),
                os.getSystemLoadAverage(), Runtime.getRuntime().availableProcessors(), cpuMillis / 1000.0,
                collections, collectionMillis);
    }

    private String poolReport() {
        StringBuilder out = new StringBuilder();
        pools.forEach(pool -> out.append("pool after the run: ").append(pool).append('\n'));
        return out.toString();
    }

    /** One operation's router, servers and ledger. */
    private record Lane(String label, boolean streaming, Map<String, SimulatorServer> servers, LlmRouter router,
                        RequestLedger ledger) {

        AttemptTally tally() {
            return ledger.attempts();
        }

        void assertExact() {
            int requests = REQUESTS / 2;
            AttemptTally tally = tally();
            assertThat(ledger.lost()).as("%s: requests never answered (%s; request deadline %d ms)", label,
                    ledger.unfinished(), REQUEST_DEADLINE.toMillis()).isZero();
            assertThat(ledger.duplicated()).as("%s: requests answered or ended more than once", label).isZero();
            assertThat(ledger.failures()).as("%s: failed requests (the healthy provider is last in line)", label)
                    .isEmpty();
            assertThat(ledger.answered()).isEqualTo(requests);
            long midStreamFaults = 0;
            for (String name : List.of("openai", "anthropic")) {
                SimulatorStats server = servers.get(name).stats();
                assertThat(server.faultsInjected().keySet()).as("%s %s injected every fault type", label, name)
                        .containsExactlyInAnyOrderElementsOf(injected(streaming));
                assertThat(tally.calls(name)).as("%s %s: calls recorded by the router = requests its server "
                        + "received", label, name).isEqualTo(server.requestsReceived());
                assertThat(tally.count(name, Attempt.Outcome.SUCCESS)).as("%s %s: successful attempts = answers "
                        + "served", label, name).isEqualTo(server.answersCompleted());
                assertThat(tally.errors(name)).as("%s %s: failed attempts by type = faults injected, classified",
                        label, name).isEqualTo(expectedErrors(vendorOf(name), streaming, server.faultsInjected()));
                assertThat(server.cancellations()).as("%s %s: every stalled call and every call the router "
                        + "cancelled was abandoned by the client", label, name)
                        .isEqualTo(server.faults(Fault.STALL_MID_STREAM) + tally.count(name, Attempt.Outcome.CANCELLED));
                midStreamFaults += server.faults(Fault.STALL_MID_STREAM) + server.faults(Fault.IN_STREAM_ERROR)
                        + server.faults(Fault.TRUNCATED_STREAM);
            }
            SimulatorStats healthy = servers.get("gemini").stats();
            assertThat(healthy.totalFaults()).isZero();
            assertThat(tally.calls("gemini")).isEqualTo(healthy.requestsReceived());
            assertThat(tally.count("gemini", Attempt.Outcome.SUCCESS)).isEqualTo(healthy.answersCompleted())
                    .isEqualTo(healthy.requestsReceived());
            assertThat(healthy.cancellations()).isEqualTo(tally.count("gemini", Attempt.Outcome.CANCELLED)).isZero();
            assertThat(ledger.servedBy().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(requests);
            if (streaming) {
                // a continuation that fails before adding text moves on with another RESUME call: hence at least
                assertThat(tally.callsByKind().getOrDefault(Attempt.Kind.RESUME, 0L))
                        .as("stream: every mid-stream fault (past the commit point) continued on the next provider")
                        .isGreaterThanOrEqualTo(midStreamFaults);
            }
        }

        String report() {
            AttemptTally tally = tally();
            StringBuilder out = new StringBuilder(String.format("--- %s ---%n", label));
            out.append(String.format("answered=%d failed=%d lost=%d duplicated=%d", ledger.answered(),
                    ledger.failures().size(), ledger.lost(), ledger.duplicated()));
            if (streaming) {
                out.append(String.format(" resumed=%d empty=%d", ledger.resumedStreams(), ledger.emptyStreams()));
            }
            ledger.failures().forEach(failure -> out.append("\n  failed: ").append(failure.getMessage())
                    .append(failure.getCause() == null ? "" : " <- " + failure.getCause()));
            out.append('\n').append("served by: ").append(ledger.servedBy()).append('\n');
            out.append("calls by kind: ").append(tally.callsByKind()).append('\n');
            out.append("slowest successful call: ").append(tally.slowestSuccess().toMillis())
                    .append(" ms (deadline of the faulty providers: ").append(STALL_DEADLINE.toMillis()).append(" ms)\n");
            for (String name : List.of("openai", "anthropic", "gemini")) {
                SimulatorStats s = servers.get(name).stats();
                out.append(String.format("%s: received=%d answered=%d faults=%d cancellations=%d | router calls=%d "
                                + "success=%d failed=%d cancelled=%d skipped=%d%n", name, s.requestsReceived(),
                        s.answersCompleted(), s.totalFaults(), s.cancellations(), tally.calls(name),
                        tally.count(name, Attempt.Outcome.SUCCESS), tally.count(name, Attempt.Outcome.FAILED),
                        tally.count(name, Attempt.Outcome.CANCELLED), tally.count(name, Attempt.Outcome.SKIPPED)));
                out.append("  faults injected: ").append(s.faultsInjected()).append('\n');
                out.append("  router: ").append(tally.breakdown(name)).append('\n');
            }
            return out.toString();
        }
    }
}
