package io.relay4j.springai;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.providers.anthropic.AnthropicProvider;
import io.relay4j.providers.gemini.GeminiProvider;
import io.relay4j.providers.openai.OpenAiProvider;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.SimulatorStats;
import io.relay4j.simulator.Vendor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;

/**
 * A router over simulator servers, in priority order, for one test: each server started with its own behaviour, each
 * provider recording the requests it is given; {@link #close()} closes the router, then the servers.
 */
final class SimulatedRouter implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String KEY = "sim-key-0123456789";

    private final List<SimulatorServer> servers = new ArrayList<>();
    private final Map<String, RecordingProvider> providers = new LinkedHashMap<>();
    private LlmRouter router;

    /** Adds the Anthropic simulator as provider {@code name}, serving {@code claude-sonnet-4-5}. */
    SimulatorServer anthropic(String name, Behaviour behaviour) {
        SimulatorServer server = start(Vendor.ANTHROPIC, behaviour);
        add(AnthropicProvider.builder().name(name).apiKey(KEY).model("claude-sonnet-4-5")
                .baseUrl(server.baseUrl()).build());
        return server;
    }

    /** Adds the OpenAI simulator as provider {@code name}, serving {@code gpt-4o-mini}. */
    SimulatorServer openai(String name, Behaviour behaviour) {
        SimulatorServer server = start(Vendor.OPENAI, behaviour);
        add(OpenAiProvider.builder().name(name).apiKey(KEY).model("gpt-4o-mini")
                .baseUrl(server.baseUrl()).build());
        return server;
    }

    /** Adds the Gemini simulator as provider {@code name}, serving {@code model}. */
    SimulatorServer gemini(String name, String model, Behaviour behaviour) {
        SimulatorServer server = start(Vendor.GEMINI, behaviour);
        add(GeminiProvider.builder().name(name).apiKey(KEY).model(model)
                .baseUrl(server.baseUrl()).build());
        return server;
    }

    /** The router over the providers added so far, in the order added. */
    LlmRouter router() {
        if (router == null) {
            router = LlmRouter.builder().providers(List.copyOf(providers.values())).build();
        }
        return router;
    }

    /** The requests provider {@code name} was given, in order. */
    List<LlmRequest> requests(String name) {
        return providers.get(name).requests();
    }

    private void add(LlmProvider provider) {
        providers.put(provider.name(), new RecordingProvider(provider));
    }

    /** The stats of {@code server} once they satisfy {@code condition}; fails after the timeout. */
    static SimulatorStats awaitStats(SimulatorServer server, Predicate<SimulatorStats> condition) {
        // the test thread polls the simulator's counters; nothing in the code under test waits
        return Flux.interval(Duration.ofMillis(20)).map(tick -> server.stats()).filter(condition)
                .blockFirst(TIMEOUT);
    }

    private SimulatorServer start(Vendor vendor, Behaviour behaviour) {
        SimulatorServer server = SimulatorServer.builder(vendor).behaviour(behaviour).bind().block(TIMEOUT);
        servers.add(server);
        return server;
    }

    @Override
    public void close() {
        if (router != null) {
            router.close();
        }
        for (SimulatorServer server : servers) {
            server.close();
            server.onClose().block(TIMEOUT);
        }
    }
}
