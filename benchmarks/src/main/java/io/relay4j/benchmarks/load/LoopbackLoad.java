package io.relay4j.benchmarks.load;

import io.relay4j.benchmarks.wire.VendorProtocols;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.providers.internal.HttpCall;
import io.relay4j.providers.openai.OpenAiProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * The full stack against the physical limit, on loopback: the simulator (OpenAI format, no latency, 20-token
 * answers) in its own JVM; in this JVM, closed-loop callers at each concurrency level drive (a) a raw
 * reactor-netty POST of the same bytes with the same headers, reading the whole body and nothing else, and
 * (b) {@code LlmRouter.generate} over an {@code OpenAiProvider}, which also encodes the request and decodes the
 * JSON answer. Both use a connection pool as large as the largest level. Both paths first run unmeasured for
 * {@code --jit-warmup} seconds; then each level has its own warm-up, and rounds alternate which side runs
 * first, so drift on a shared machine hits both. Added latency is (b) minus (a), percentile by percentile.
 *
 * <pre>
 * java -cp benchmarks.jar io.relay4j.benchmarks.load.LoopbackLoad [--levels 16,64,256] [--warmup 3]
 *      [--measure 10] [--rounds 2] [--port 18101] [--jit-warmup 10]
 * </pre>
 */
public final class LoopbackLoad {

    private static final int RECORDER_CAPACITY = 8_000_000;

    private LoopbackLoad() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int maxLevel = Arrays.stream(options.levels()).max().orElseThrow();
        try (SimulatorProcess simulator = SimulatorProcess.start("512m", options.port() + ":fast")) {
            String baseUrl = simulator.baseUrls().get(0);
            LlmRequest request = LlmRequest.builder().user("Explain pod affinity in one sentence.").maxTokens(64).build();

            OpenAiProvider provider = OpenAiProvider.builder().name("openai").apiKey("sk-sim").model("gpt-4o-mini")
                    .baseUrl(baseUrl).maxConnections(maxLevel).build();
            LlmRouter router = LlmRouter.builder().provider(provider).build();

            HttpCall call = VendorProtocols.protocolOf(provider).encode(request, false);
            RawOpenAiCall rawCall = new RawOpenAiCall(baseUrl, call, maxLevel);
            Supplier<Mono<?>> routerCall = () -> router.generate(request);

            System.out.printf(Locale.ROOT, "loopback load: simulator %s, levels %s, warm-up %d s, measured %d s x %d rounds%n",
                    baseUrl, Arrays.toString(options.levels()), options.warmup(), options.measure(), options.rounds());
            // JIT warm-up of both paths before anything is measured (results discarded)
            for (Supplier<Mono<?>> path : List.of(rawCall, routerCall)) {
                ClosedLoop.run(options.levels()[0], Duration.ofSeconds(options.jitWarmup()), Duration.ofSeconds(1), path,
                        new LatencyRecorder(1));
            }
            List<String> rows = new ArrayList<>();
            for (int level : options.levels()) {
                LatencyRecorder rawLatency = new LatencyRecorder(RECORDER_CAPACITY);
                LatencyRecorder routerLatency = new LatencyRecorder(RECORDER_CAPACITY);
                long rawDone = 0;
                long routerDone = 0;
                long errors = 0;
                for (int round = 0; round < options.rounds(); round++) {
                    boolean rawFirst = round % 2 == 0;
                    for (int side = 0; side < 2; side++) {
                        boolean isRaw = (side == 0) == rawFirst;
                        ClosedLoop.Result result = ClosedLoop.run(level, Duration.ofSeconds(options.warmup()),
                                Duration.ofSeconds(options.measure()), isRaw ? rawCall : routerCall,
                                isRaw ? rawLatency : routerLatency);
                        report(isRaw ? "raw" : "relay4j", round, result);
                        errors += result.errors();
                        if (isRaw) {
                            rawDone += result.completed();
                        } else {
                            routerDone += result.completed();
                        }
                    }
                }
                double seconds = (double) options.measure() * options.rounds();
                rows.add(row(level, rawDone / seconds, rawLatency.percentiles(), routerDone / seconds,
                        routerLatency.percentiles(), errors));
            }
            MarkdownTable.print(List.of("concurrency", "raw calls/s", "relay4j calls/s", "ratio", "raw p50 us",
                    "relay4j p50 us", "added p50 us", "raw p99 us", "relay4j p99 us", "added p99 us", "errors"), rows);
            provider.close();
            rawCall.close();
        }
    }

    private static void report(String side, int round, ClosedLoop.Result result) {
        System.out.printf(Locale.ROOT, "  c=%d round %d %-7s %,10.0f calls/s  %6.1f us CPU/call  errors %d  load average %s%s%n",
                result.concurrency(), round, side, result.callsPerSecond(), result.cpuMicrosPerCall(), result.errors(),
                LoadAverage.now(),
                result.firstError() == null ? "" : " (first: " + result.firstError().getClass().getSimpleName() + ": "
                        + result.firstError().getMessage() + ")");
    }

    private static String row(int level, double rawRate, LatencyRecorder.Percentiles raw, double routerRate,
                              LatencyRecorder.Percentiles routed, long errors) {
        return String.format(Locale.ROOT, "| %d | %,.0f | %,.0f | %.3f | %.0f | %.0f | %+.0f | %.0f | %.0f | %+.0f | %d |",
                level, rawRate, routerRate, routerRate / rawRate, raw.p50() / 1e3, routed.p50() / 1e3,
                (routed.p50() - raw.p50()) / 1e3, raw.p99() / 1e3, routed.p99() / 1e3,
                (routed.p99() - raw.p99()) / 1e3, errors);
    }

    /** Command-line options with their defaults. */
    private record Options(int[] levels, int warmup, int measure, int rounds, int port, int jitWarmup) {

        static Options parse(String[] args) {
            HarnessArgs parsed = HarnessArgs.parse(args,
                    Set.of("--levels", "--warmup", "--measure", "--rounds", "--port", "--jit-warmup"));
            return new Options(parsed.integers("--levels", 16, 64, 256), parsed.integer("--warmup", 3),
                    parsed.integer("--measure", 10), parsed.integer("--rounds", 2), parsed.integer("--port", 18101),
                    parsed.integer("--jit-warmup", 10));
        }
    }
}
