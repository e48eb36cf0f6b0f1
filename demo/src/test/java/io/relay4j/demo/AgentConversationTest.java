package io.relay4j.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRouter;
import io.relay4j.providers.anthropic.AnthropicProvider;
import io.relay4j.providers.gemini.GeminiProvider;
import io.relay4j.providers.openai.OpenAiProvider;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.FaultSchedule;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Vendor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's agent over real HTTP against the simulators, through a router: a conversation gets its final answer,
 * also when the primary is banned between its two steps (the step that answers the tool results continues on the
 * next provider with the primary's call ids).
 */
class AgentConversationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<SimulatorServer> servers = new ArrayList<>();
    private final List<LlmProvider> providers = new ArrayList<>();

    @AfterEach
    void stop() {
        providers.forEach(LlmProvider::close);
        for (SimulatorServer server : servers) {
            server.close();
            server.onClose().block(TIMEOUT);
        }
    }

    private SimulatorServer start(Vendor vendor, Behaviour behaviour) {
        SimulatorServer server = SimulatorServer.bind(vendor, behaviour).block(TIMEOUT);
        servers.add(server);
        return server;
    }

    private LlmProvider provider(String name, SimulatorServer server) {
        LlmProvider provider = switch (name) {
            case "anthropic" -> AnthropicProvider.builder().name(name).apiKey("simulated").model("claude-sonnet-4-5")
                    .baseUrl(server.baseUrl()).build();
            case "openai" -> OpenAiProvider.builder().name(name).apiKey("simulated").model("gpt-4o-mini")
                    .baseUrl(server.baseUrl()).build();
            default -> GeminiProvider.builder().name(name).apiKey("simulated").model("gemini-2.5-flash")
                    .baseUrl(server.baseUrl()).build();
        };
        providers.add(provider);
        return provider;
    }

    private static Vendor vendorOf(String name) {
        return switch (name) {
            case "anthropic" -> Vendor.ANTHROPIC;
            case "openai" -> Vendor.OPENAI;
            default -> Vendor.GEMINI;
        };
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aConversationAsksRunsTheToolAndGetsTheFinalAnswer(boolean streamFinalAnswer) {
        SimulatorServer server = start(Vendor.ANTHROPIC, Behaviour.healthy());
        LlmRouter router = LlmRouter.builder().provider(provider("anthropic", server)).logging(false).build();

        AgentConversation.Outcome outcome = new AgentConversation(router).run("Lisbon", streamFinalAnswer).block(TIMEOUT);

        assertThat(outcome.error()).isEmpty();
        assertThat(outcome.servedBy()).contains("anthropic");
        assertThat(outcome.switchedProvider()).isFalse();
        assertThat(outcome.move(1)).isEmpty();
        assertThat(outcome.attempts()).hasSize(2);
        assertThat(server.stats().requestsReceived()).isEqualTo(2);
    }

    /** The story's ban, landing between the two steps, for each provider order of the demo. */
    @ParameterizedTest
    @ValueSource(strings = {"anthropic,openai", "anthropic,gemini", "openai,anthropic", "gemini,anthropic",
            "gemini,openai", "openai,gemini"})
    void aBanBetweenTheStepsContinuesTheConversationOnTheNextProvider(String order) {
        String[] names = order.split(",");
        // the first provider answers its first request, then is banned
        SimulatorServer first = start(vendorOf(names[0]), Behaviour.builder()
                .schedule(FaultSchedule.builder().forRequests(1, Long.MAX_VALUE, Fault.BAN_403).build()).build());
        SimulatorServer second = start(vendorOf(names[1]), Behaviour.healthy());
        LlmRouter router = LlmRouter.builder().provider(provider(names[0], first)).provider(provider(names[1], second))
                .logging(false).build();

        AgentConversation.Outcome outcome = new AgentConversation(router).run("Oslo", false).block(TIMEOUT);

        assertThat(outcome.error()).isEmpty();
        assertThat(outcome.firstStepBy()).contains(names[0]);
        assertThat(outcome.servedBy()).contains(names[1]);
        assertThat(outcome.switchedProvider()).isTrue();
        assertThat(outcome.idsKept()).isTrue();
        assertThat(outcome.move(7)).get().asString().startsWith("conversation #7 moved " + names[0] + " -> "
                + names[1] + " at turn 2, ids kept (" + outcome.callIds().get(0));
        assertThat(outcome.attempts()).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.SUCCESS,
                Attempt.Outcome.FAILED, Attempt.Outcome.SUCCESS);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aConversationNoProviderCanServeIsAFailedOutcomeNotAnError(boolean streamFinalAnswer) {
        SimulatorServer server = start(Vendor.OPENAI, Behaviour.always(Fault.BAN_403));
        LlmRouter router = LlmRouter.builder().provider(provider("openai", server)).logging(false).build();

        AgentConversation.Outcome outcome = new AgentConversation(router).run("Lima", streamFinalAnswer).block(TIMEOUT);

        assertThat(outcome.servedBy()).isEmpty();
        assertThat(outcome.error()).isPresent();
        assertThat(outcome.attempts()).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.FAILED);
    }
}
