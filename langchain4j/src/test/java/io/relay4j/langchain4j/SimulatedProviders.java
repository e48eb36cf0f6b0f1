package io.relay4j.langchain4j;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRouter;
import io.relay4j.providers.anthropic.AnthropicProvider;
import io.relay4j.providers.openai.OpenAiProvider;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.SimulatorStats;
import io.relay4j.simulator.Vendor;
import java.time.Duration;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The simulated vendors the adapter tests route to, an Anthropic and an OpenAI server; tests ban the primary (403).
 * Each test builds its own router on them, so a primary's cooldown never leaks into the next test.
 */
final class SimulatedProviders implements AutoCloseable {

    static final String KEY = "sim-key-0123456789";
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    final SimulatorServer anthropic;
    final SimulatorServer openai;

    private SimulatedProviders() {
        // the test thread waits for the ports; the simulator itself never blocks
        this.anthropic = bind(Vendor.ANTHROPIC);
        this.openai = bind(Vendor.OPENAI);
    }

    static SimulatedProviders start() {
        return new SimulatedProviders();
    }

    private static SimulatorServer bind(Vendor vendor) {
        return SimulatorServer.builder(vendor).behaviour(Behaviour.healthy()).bind().block(TIMEOUT);
    }

    LlmProvider anthropicProvider() {
        return AnthropicProvider.builder().name("anthropic").apiKey(KEY).model("claude-sonnet-4-5")
                .baseUrl(anthropic.baseUrl()).build();
    }

    LlmProvider openaiProvider() {
        return OpenAiProvider.builder().name("openai").apiKey(KEY).model("gpt-4o-mini").baseUrl(openai.baseUrl())
                .build();
    }

    /** Anthropic first, then OpenAI. */
    LlmRouter anthropicThenOpenAi() {
        return LlmRouter.builder().provider(anthropicProvider()).provider(openaiProvider()).build();
    }

    /** OpenAI first, then Anthropic. */
    LlmRouter openAiThenAnthropic() {
        return LlmRouter.builder().provider(openaiProvider()).provider(anthropicProvider()).build();
    }

    /** Every server back to healthy. */
    void heal() {
        anthropic.setBehaviour(Behaviour.healthy());
        openai.setBehaviour(Behaviour.healthy());
    }

    /** Waits, bounded, until {@code server}'s counters satisfy {@code condition}. */
    static SimulatorStats awaitStats(SimulatorServer server, Predicate<SimulatorStats> condition) {
        return Flux.interval(Duration.ZERO, Duration.ofMillis(5))
                .map(tick -> server.stats())
                .filter(condition)
                .next()
                .timeout(Duration.ofSeconds(10),
                        Mono.error(() -> new AssertionError("stats never reached the expected state: " + server.stats())))
                .block();
    }

    @Override
    public void close() {
        anthropic.close();
        openai.close();
    }
}
