package io.relay4j.benchmarks.peers;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.relay4j.benchmarks.load.BlockingLoop;
import io.relay4j.benchmarks.load.ClosedLoop;
import io.relay4j.benchmarks.load.LatencyRecorder;
import io.relay4j.benchmarks.load.HarnessArgs;
import io.relay4j.benchmarks.load.LoadAverage;
import io.relay4j.benchmarks.load.MarkdownTable;
import io.relay4j.benchmarks.load.RawOpenAiCall;
import io.relay4j.benchmarks.load.SimulatorProcess;
import io.relay4j.benchmarks.wire.VendorProtocols;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.router.ErrorPolicy;
import io.relay4j.providers.openai.OpenAiProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * relay4j against LangChain4j as applications use it today, on the same endpoints and the same load: two
 * simulator endpoints (OpenAI format, no latency, in their own JVM), a primary and a fallback. relay4j is an
 * {@link LlmRouter} over two {@link OpenAiProvider}s, driven by {@code concurrency} reactive callers;
 * LangChain4j is two {@link OpenAiChatModel}s (retries off, like the router's plain fallback) with the
 * hand-written fallback loop of {@link #chatWithFallback}, driven by {@code concurrency} threads, since its
 * {@code chat} blocks. A raw reactor-netty call to the answering endpoint is the floor. Scenario
 * {@code healthy}: both endpoints answer; {@code primary-fails}: the primary answers every request with a 500, so
 * every request falls over (the router does not cool the primary down, so it too pays the failed call every
 * time).
 *
 * <pre>
 * java -cp benchmarks.jar io.relay4j.benchmarks.peers.LangChain4jComparison [--scenario healthy|primary-fails]
 *      [--levels 64,256,1000] [--warmup 3] [--measure 10] [--rounds 2] [--jit-warmup 10] [--port 18121]
 * </pre>
 */
public final class LangChain4jComparison {

    private static final String PROMPT = "Explain pod affinity in one sentence.";
    private static final List<String> CONTENDERS = List.of("raw", "relay4j", "langchain4j");

    private LangChain4jComparison() {
    }

    /** The fallback loop users write around LangChain4j today: try each model in order, keep the last error. */
    static ChatResponse chatWithFallback(List<ChatModel> models, UserMessage message) {
        RuntimeException last = null;
        for (ChatModel model : models) {
            try {
                return model.chat(message);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }

    public static void main(String[] args) throws Exception {
        HarnessArgs options = HarnessArgs.parse(args, Set.of("--scenario", "--levels", "--warmup", "--measure",
                "--rounds", "--jit-warmup", "--port"));
        String scenario = options.string("--scenario", "healthy");
        int[] levels = options.integers("--levels", 64, 256, 1000);
        int warmup = options.integer("--warmup", 3);
        int measure = options.integer("--measure", 10);
        int rounds = options.integer("--rounds", 2);
        int jitWarmup = options.integer("--jit-warmup", 10);
        int port = options.integer("--port", 18121);
        boolean primaryFails = switch (scenario) {
            case "healthy" -> false;
            case "primary-fails" -> true;
            default -> throw new IllegalArgumentException("scenario must be healthy or primary-fails, got " + scenario);
        };
        int maxLevel = Arrays.stream(levels).max().orElseThrow();
        try (SimulatorProcess simulator = SimulatorProcess.start("768m",
                port + ":" + (primaryFails ? "fail500" : "fast"), (port + 1) + ":fast")) {
            String primaryUrl = simulator.baseUrls().get(0);
            String fallbackUrl = simulator.baseUrls().get(1);
            OpenAiProvider primary = provider("primary", primaryUrl, maxLevel);
            OpenAiProvider fallback = provider("fallback", fallbackUrl, maxLevel);
            LlmRouter router = LlmRouter.builder().provider(primary).provider(fallback)
                    .errorPolicy(ErrorType.SERVER_ERROR, ErrorPolicy.of(ErrorPolicy.Action.FALL_OVER,
                            ErrorPolicy.Cooldown.NONE))
                    .build();
            LlmRequest request = LlmRequest.builder().user(PROMPT).maxTokens(64).build();
            List<ChatModel> models = List.of(model(primaryUrl), model(fallbackUrl));
            UserMessage message = UserMessage.from(PROMPT);
            RawOpenAiCall raw = new RawOpenAiCall(primaryFails ? fallbackUrl : primaryUrl,
                    VendorProtocols.protocolOf(primary).encode(request, false), maxLevel);

            System.out.printf(Locale.ROOT, "peers vs relay4j, scenario %s, levels %s, warm-up %d s, measured %d s x %d%n",
                    scenario, Arrays.toString(levels), warmup, measure, rounds);
            for (String contender : CONTENDERS) {
                run(contender, levels[0], Duration.ofSeconds(jitWarmup), Duration.ofSeconds(1), raw, router, request,
                        models, message, new LatencyRecorder(1));
            }
            List<String> rows = new ArrayList<>();
            for (int level : levels) {
                LatencyRecorder[] latency = new LatencyRecorder[CONTENDERS.size()];
                long[] done = new long[CONTENDERS.size()];
                long errors = 0;
                for (int c = 0; c < latency.length; c++) {
                    latency[c] = new LatencyRecorder(4_000_000);
                }
                for (int round = 0; round < rounds; round++) {
                    for (int k = 0; k < CONTENDERS.size(); k++) {
                        int c = (k + round) % CONTENDERS.size();
                        ClosedLoop.Result result = run(CONTENDERS.get(c), level, Duration.ofSeconds(warmup),
                                Duration.ofSeconds(measure), raw, router, request, models, message, latency[c]);
                        System.out.printf(Locale.ROOT,
                                "  c=%d round %d %-11s %,9.0f calls/s  %6.1f us CPU/call  errors %d  load average %s%s%n",
                                level, round, CONTENDERS.get(c), result.callsPerSecond(), result.cpuMicrosPerCall(),
                                result.errors(),
                                LoadAverage.now(), result.firstError() == null ? ""
                                        : " (first: " + result.firstError().getClass().getSimpleName() + ")");
                        done[c] += result.completed();
                        errors += result.errors();
                    }
                }
                double seconds = (double) measure * rounds;
                LatencyRecorder.Percentiles r = latency[0].percentiles();
                LatencyRecorder.Percentiles relay = latency[1].percentiles();
                LatencyRecorder.Percentiles lc = latency[2].percentiles();
                rows.add(String.format(Locale.ROOT,
                        "| %d | %,.0f | %,.0f | %,.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %d |", level,
                        done[0] / seconds, done[1] / seconds, done[2] / seconds, r.p50() / 1e3, relay.p50() / 1e3,
                        lc.p50() / 1e3, r.p99() / 1e3, relay.p99() / 1e3, lc.p99() / 1e3, errors));
            }
            MarkdownTable.print(List.of("concurrency", "raw calls/s", "relay4j calls/s", "LangChain4j calls/s",
                    "raw p50 us", "relay4j p50 us", "LangChain4j p50 us", "raw p99 us", "relay4j p99 us",
                    "LangChain4j p99 us", "errors"), rows);
            raw.close();
            primary.close();
            fallback.close();
        }
        // LangChain4j's JDK HttpClient keeps non-daemon threads; the comparison is over
        System.exit(0);
    }

    private static ClosedLoop.Result run(String contender, int level, Duration warmup, Duration measured,
                                         RawOpenAiCall raw, LlmRouter router, LlmRequest request,
                                         List<ChatModel> models, UserMessage message, LatencyRecorder recorder)
            throws InterruptedException {
        return switch (contender) {
            case "raw" -> ClosedLoop.run(level, warmup, measured, raw, recorder);
            case "relay4j" -> ClosedLoop.run(level, warmup, measured, () -> router.generate(request), recorder);
            case "langchain4j" -> BlockingLoop.run(level, warmup, measured, () -> chatWithFallback(models, message),
                    recorder);
            default -> throw new IllegalArgumentException(contender);
        };
    }

    private static OpenAiProvider provider(String name, String baseUrl, int maxConnections) {
        return OpenAiProvider.builder().name(name).apiKey("sk-sim").model("gpt-4o-mini").baseUrl(baseUrl)
                .maxConnections(maxConnections).build();
    }

    private static ChatModel model(String baseUrl) {
        return OpenAiChatModel.builder().baseUrl(baseUrl).apiKey("sk-sim").modelName("gpt-4o-mini").maxTokens(64)
                .maxRetries(0).timeout(Duration.ofSeconds(60)).build();
    }
}
