package io.relay4j.demo;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.health.ProviderHealth;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.providers.anthropic.AnthropicProvider;
import io.relay4j.providers.gemini.GeminiProvider;
import io.relay4j.providers.openai.OpenAiProvider;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Vendor;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import reactor.core.Disposable;

/**
 * The README's main command: three simulated providers behind one router, steady mixed traffic, and
 * the failover story played on them (the primary is banned, the secondary throttles, the primary comes
 * back). Prints a live line per second, a summary table, and writes an HTML report.
 *
 * <p>The demo's main thread sleeps between its once-a-second lines; the library itself never blocks.
 */
public final class DemoMain {

    private static final List<String> PROVIDERS = List.of("anthropic", "openai", "gemini");

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.real()) {
            System.exit(RealProvidersRun.run());
        }
        runSimulated(options);
        System.exit(0);
    }

    private static void runSimulated(DemoOptions options) throws Exception {
        Scenario scenario = Scenario.of(options.scenario(), options.duration());
        SimulatorServer anthropicSim = SimulatorServer.bind(Vendor.ANTHROPIC, scenario.primary()).block(Duration.ofSeconds(30));
        SimulatorServer openaiSim = SimulatorServer.bind(Vendor.OPENAI, scenario.secondary()).block(Duration.ofSeconds(30));
        SimulatorServer geminiSim = SimulatorServer.bind(Vendor.GEMINI, scenario.tertiary()).block(Duration.ofSeconds(30));
        List<LlmProvider> providers = List.of(
                AnthropicProvider.builder().name("anthropic").apiKey("simulated").model("claude-sonnet-4-5")
                        .baseUrl(anthropicSim.baseUrl()).build(),
                OpenAiProvider.builder().name("openai").apiKey("simulated").model("gpt-4o-mini")
                        .baseUrl(openaiSim.baseUrl()).build(),
                GeminiProvider.builder().name("gemini").apiKey("simulated").model("gemini-2.5-flash")
                        .baseUrl(geminiSim.baseUrl()).build());
        LlmRouter router = DemoRouter.build(providers,
                // production default is 10 minutes; the demo probes a banned provider after 8 s so the
                // recovery is visible within one run
                CooldownConfig.custom().longCooldown(Duration.ofSeconds(8)).build());

        System.out.printf(Locale.ROOT,
                "relay4j demo: scenario '%s', %d s at %d requests/s (%.0f%% streaming, %.0f%% tool-using agent conversations)%n",
                options.scenario(), options.duration().toSeconds(), options.rate(), options.streamShare() * 100,
                options.agentShare() * 100);
        System.out.println("providers in priority order: anthropic (simulated Anthropic Messages), "
                + "openai (simulated OpenAI Chat Completions), gemini (simulated Gemini)");
        scenario.markers().forEach(m -> System.out.printf(Locale.ROOT, "  at %3d s: %s%n", m.second(), m.label()));
        System.out.println();

        TrafficRecorder recorder = new TrafficRecorder();
        TrafficDriver driver = new TrafficDriver(router, recorder, options.streamShare(), options.agentShare());
        long start = System.nanoTime();
        Disposable traffic = driver.start(options.rate(), options.duration());
        long drainDeadline = start + options.duration().plusSeconds(30).toNanos();
        for (int second = 1; ; second++) {
            long wake = start + second * 1_000_000_000L;
            long now = System.nanoTime();
            if (wake > now) {
                Thread.sleep((wake - now) / 1_000_000, (int) ((wake - now) % 1_000_000));
            }
            SecondStats stats = recorder.closeSecond();
            System.out.println(LiveLine.format(stats, PROVIDERS, driver.inFlight(), router.health()));
            LiveLine.moves(recorder.movesInLastSecond()).forEach(System.out::println);
            boolean trafficDone = second >= options.duration().toSeconds();
            if (trafficDone && (driver.inFlight() == 0 || System.nanoTime() > drainDeadline)) {
                break;
            }
        }
        traffic.dispose();

        Summary summary = Summary.of(recorder, PROVIDERS, driver, List.of(
                Map.entry("anthropic", anthropicSim.stats()), Map.entry("openai", openaiSim.stats()),
                Map.entry("gemini", geminiSim.stats())));
        System.out.println();
        summary.print(System.out);
        HtmlReport.write(options.report(), "relay4j demo: scenario '" + options.scenario() + "'", PROVIDERS,
                recorder.seconds(), scenario.markers(), summary.rows());
        System.out.println();
        System.out.println("report written to " + options.report().toAbsolutePath());

        // the router owns its providers: closing it releases their connection pools
        router.close();
        for (SimulatorServer sim : List.of(anthropicSim, openaiSim, geminiSim)) {
            sim.close();
            sim.onClose().block(Duration.ofSeconds(10));
        }
    }

    /** One status line per second. */
    static final class LiveLine {
        private static final int MOVES_SHOWN = 2;

        private LiveLine() {
        }

        static String format(SecondStats s, List<String> providers, int inFlight, List<ProviderHealth> health) {
            String shares = providers.stream()
                    .map(p -> String.format(Locale.ROOT, "%s %3.0f%%", p, s.share(p) * 100))
                    .collect(Collectors.joining("  "));
            String down = health.stream().filter(h -> !h.available())
                    .map(h -> h.provider() + ":" + h.state().name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(","));
            return String.format(Locale.ROOT,
                    "t=%3ds  req %4d  ok %6.2f%%  agents %3d/%-3d ok | %s |  p50 %5.0f ms  p99 %5.0f ms  hedges %2d  cost $%s"
                            + "  in-flight %3d%s",
                    s.second(), s.requests(), s.successRate() * 100, s.agentsOk(), s.agents(), shares, nanToZero(s.p50Millis()),
                    nanToZero(s.p99Millis()), s.hedges(), s.cost().setScale(5, RoundingMode.HALF_UP).toPlainString(),
                    inFlight, down.isEmpty() ? "" : "  unavailable: " + down);
        }

        /** The story lines of the conversations that moved vendor this second: the first few, and how many more. */
        static List<String> moves(List<String> stories) {
            List<String> lines = new java.util.ArrayList<>();
            stories.stream().limit(MOVES_SHOWN).forEach(story -> lines.add("        -> " + story));
            if (stories.size() > MOVES_SHOWN) {
                lines.add("        -> and " + (stories.size() - MOVES_SHOWN) + " more conversations moved");
            }
            return lines;
        }

        private static double nanToZero(double d) {
            return Double.isNaN(d) ? 0 : d;
        }
    }
}
