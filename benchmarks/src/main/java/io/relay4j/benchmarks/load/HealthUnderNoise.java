package io.relay4j.benchmarks.load;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.event.RouterListener;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.router.AdaptiveConcurrency;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.providers.openai.OpenAiProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Issue 17's experiments: how the router's health tracking and concurrency limits behave when every vendor has a
 * normal error rate, and under a 429 storm. Three simulators (OpenAI format, each answering in 50-150 ms) run in
 * their own JVM; in this JVM, {@code --concurrency} closed-loop callers drive one {@code LlmRouter} over three
 * {@code OpenAiProvider}s (priority order: primary, secondary, tertiary; every router setting at its default).
 *
 * <ul>
 *   <li><b>noise</b>: the same random share of 500s on every simulator, at each of {@code --rates} (percent).
 *       Reports failed requests, each provider's share of the answers, the time each provider was not healthy
 *       (from the router's {@code StateTransition} events, clipped to the measured window) and p50/p99.</li>
 *   <li><b>storm</b>: the primary throttles above {@code --storm-rps} requests per second (429 for the rest of
 *       that second), the others are healthy; once with no concurrency limit and once with
 *       {@code adaptiveConcurrency} (defaults) on the primary. Reports the 429s the router received, the throughput kept,
 *       failed requests, the primary's share and p50/p99.</li>
 * </ul>
 *
 * <pre>
 * java -cp benchmarks.jar io.relay4j.benchmarks.load.HealthUnderNoise [--parts noise,storm] [--rates 0,1,5,20]
 *      [--concurrency 64] [--warmup 2] [--measure 20] [--storm-rps 100] [--port 18201]
 * </pre>
 */
public final class HealthUnderNoise {

    private static final int RECORDER_CAPACITY = 2_000_000;
    private static final List<String> PROVIDERS = List.of("primary", "secondary", "tertiary");

    private HealthUnderNoise() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        System.out.printf(Locale.ROOT, "health under noise: %d in flight, warm-up %d s, measured %d s, parts %s%n",
                options.concurrency(), options.warmup(), options.measure(), options.parts());
        if (options.parts().contains("noise")) {
            List<String> rows = new ArrayList<>();
            for (int rate : options.rates()) {
                String behaviour = "noise:" + rate;
                rows.add(noiseRow(rate, run(options, false, behaviour, behaviour, behaviour)));
            }
            MarkdownTable.print(List.of("500s on every vendor", "requests", "failed", "primary share",
                    "secondary share", "tertiary share", "time not healthy (avg of 3)", "primary not healthy",
                    "p50 ms", "p99 ms"), rows);
        }
        if (options.parts().contains("storm")) {
            List<String> rows = new ArrayList<>();
            String throttled = "throttle:" + options.stormRps();
            rows.add(stormRow("no limit", run(options, false, throttled, "noise:0", "noise:0"), options));
            rows.add(stormRow("adaptiveConcurrency", run(options, true, throttled, "noise:0", "noise:0"), options));
            MarkdownTable.print(List.of("primary throttles above " + options.stormRps() + " req/s", "requests/s",
                    "failed", "429s received", "429s per 1,000 requests", "primary share", "primary not healthy",
                    "p50 ms", "p99 ms"), rows);
        }
    }

    /** One measured run: fresh simulators and a fresh router, so no run inherits another's health. */
    private static Run run(Options options, boolean adaptive, String... behaviours) throws Exception {
        String[] specs = new String[behaviours.length];
        for (int i = 0; i < behaviours.length; i++) {
            specs[i] = (options.port() + i) + ":" + behaviours[i];
        }
        try (SimulatorProcess simulators = SimulatorProcess.start("512m", specs)) {
            Recorder recorder = new Recorder();
            LlmRouter.Builder builder = LlmRouter.builder().listener(recorder);
            if (options.maxAttempts() > 0) {
                builder.maxAttemptsPerRequest(options.maxAttempts());
            }
            List<OpenAiProvider> providers = new ArrayList<>();
            for (int i = 0; i < PROVIDERS.size(); i++) {
                OpenAiProvider provider = OpenAiProvider.builder().name(PROVIDERS.get(i)).apiKey("sk-sim")
                        .model("gpt-4o-mini").baseUrl(simulators.baseUrls().get(i))
                        .maxConnections(options.concurrency() * 2).build();
                providers.add(provider);
                // the adaptive limit on the throttled primary only: the others take whatever spills over
                builder.provider(provider, adaptive && i == 0
                        ? ProviderOptions.custom().adaptiveConcurrency(AdaptiveConcurrency.ofDefaults()).build()
                        : ProviderOptions.ofDefaults());
            }
            LlmRouter router = builder.build();
            LlmRequest request = LlmRequest.builder().user("Explain pod affinity in one sentence.").maxTokens(64).build();
            LatencyRecorder latencies = new LatencyRecorder(RECORDER_CAPACITY);
            long measureFrom = System.nanoTime() + Duration.ofSeconds(options.warmup()).toNanos();
            long end = measureFrom + Duration.ofSeconds(options.measure()).toNanos();
            recorder.window(measureFrom, end);
            // a failed request's caller waits 10 ms before its next one: a request every provider refuses at once
            // would otherwise resubmit in a tight loop on the event loop that failed it, starving the others
            Supplier<Mono<?>> call = () -> router.generate(request).doOnNext(recorder::served)
                    .onErrorResume(e -> Mono.delay(Duration.ofMillis(10)).then(Mono.error(e)));
            ClosedLoop.Result result = ClosedLoop.run(options.concurrency(), Duration.ofSeconds(options.warmup()),
                    Duration.ofSeconds(options.measure()), call, latencies);
            recorder.closeWindow();
            System.out.printf(Locale.ROOT, "  %-40s %,8d answered  %,d failed  load average %s%s%n",
                    String.join(" ", behaviours) + (adaptive ? " adaptive" : ""), result.completed(), result.errors(),
                    LoadAverage.now(), result.firstError() == null ? ""
                            : " (first: " + result.firstError().getClass().getSimpleName() + ")");
            router.close();
            providers.forEach(OpenAiProvider::close);
            return new Run(result, latencies.percentiles(), recorder, options.measure());
        }
    }

    private static String noiseRow(int rate, Run run) {
        return String.format(Locale.ROOT, "| %d%% | %,d | %,d | %s | %s | %s | %.1f%% | %.1f%% | %.0f | %.0f |", rate,
                run.requests(), run.result.errors(), run.share("primary"), run.share("secondary"),
                run.share("tertiary"), run.notHealthyAverage() * 100, run.notHealthy("primary") * 100,
                run.latency.p50() / 1e6, run.latency.p99() / 1e6);
    }

    private static String stormRow(String variant, Run run, Options options) {
        long throttles = run.recorder.rateLimited.get();
        return String.format(Locale.ROOT, "| %s | %,.0f | %,d | %,d | %.1f | %s | %.1f%% | %.0f | %.0f |", variant,
                run.result.callsPerSecond(), run.result.errors(), throttles,
                1000.0 * throttles / Math.max(1, run.requests()), run.share("primary"),
                run.notHealthy("primary") * 100, run.latency.p50() / 1e6, run.latency.p99() / 1e6);
    }

    /** One run's figures. */
    private record Run(ClosedLoop.Result result, LatencyRecorder.Percentiles latency, Recorder recorder, int seconds) {

        long requests() {
            return result.completed() + result.errors();
        }

        String share(String provider) {
            long total = recorder.served.values().stream().mapToLong(AtomicLong::get).sum();
            long mine = recorder.served.getOrDefault(provider, new AtomicLong()).get();
            return String.format(Locale.ROOT, "%.1f%%", total == 0 ? 0 : 100.0 * mine / total);
        }

        /** The share of the measured window the provider was cooling down, half-open or disabled. */
        double notHealthy(String provider) {
            return recorder.notHealthyNanos(provider) / (seconds * 1e9);
        }

        double notHealthyAverage() {
            return PROVIDERS.stream().mapToDouble(this::notHealthy).average().orElse(0);
        }
    }

    /**
     * Counts, inside the measured window only: answers per serving provider, 429s received, and per provider
     * the time spent out of {@code HEALTHY} (from the state transitions).
     */
    private static final class Recorder implements RouterListener {
        final Map<String, AtomicLong> served = new ConcurrentHashMap<>();
        final AtomicLong rateLimited = new AtomicLong();
        private final Map<String, Long> leftHealthyAt = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> notHealthy = new ConcurrentHashMap<>();
        private volatile long from;
        private volatile long until;

        void window(long from, long until) {
            this.from = from;
            this.until = until;
        }

        private boolean inWindow(long now) {
            return now >= from && now <= until;
        }

        void served(LlmResponse answer) {
            if (inWindow(System.nanoTime())) {
                served.computeIfAbsent(answer.provider(), p -> new AtomicLong()).incrementAndGet();
            }
        }

        @Override
        public void onEvent(RouterEvent event) {
            long now = System.nanoTime();
            if (event instanceof RouterEvent.AttemptFinished finished) {
                Attempt attempt = finished.attempt();
                if (inWindow(now) && attempt.errorType().filter(type -> type == ErrorType.RATE_LIMITED).isPresent()) {
                    rateLimited.incrementAndGet();
                }
            } else if (event instanceof RouterEvent.StateTransition transition) {
                synchronized (this) {
                    if (transition.to() != HealthState.HEALTHY) {
                        leftHealthyAt.putIfAbsent(transition.provider(), now);
                    } else {
                        Long left = leftHealthyAt.remove(transition.provider());
                        if (left != null) {
                            addNotHealthy(transition.provider(), left, now);
                        }
                    }
                }
            }
        }

        /** Ends the intervals still open at the end of the window. */
        synchronized void closeWindow() {
            leftHealthyAt.forEach((provider, left) -> addNotHealthy(provider, left, until));
            leftHealthyAt.clear();
        }

        private void addNotHealthy(String provider, long left, long back) {
            long overlap = Math.min(back, until) - Math.max(left, from);
            if (overlap > 0) {
                notHealthy.computeIfAbsent(provider, p -> new AtomicLong()).addAndGet(overlap);
            }
        }

        long notHealthyNanos(String provider) {
            return notHealthy.getOrDefault(provider, new AtomicLong()).get();
        }
    }

    /** Command-line options with their defaults. */
    /** @param maxAttempts the router's attempt budget per request; 0 keeps its default (providers + 2) */
    private record Options(Set<String> parts, int[] rates, int concurrency, int warmup, int measure, int stormRps,
                           int port, int maxAttempts) {

        static Options parse(String[] args) {
            HarnessArgs parsed = HarnessArgs.parse(args, Set.of("--parts", "--rates", "--concurrency", "--warmup",
                    "--measure", "--storm-rps", "--port", "--max-attempts"));
            return new Options(Set.of(parsed.string("--parts", "noise,storm").split(",")),
                    parsed.integers("--rates", 0, 1, 5, 20), parsed.integer("--concurrency", 64),
                    parsed.integer("--warmup", 2), parsed.integer("--measure", 20),
                    parsed.integer("--storm-rps", 100), parsed.integer("--port", 18201),
                    parsed.integer("--max-attempts", 0));
        }
    }
}
