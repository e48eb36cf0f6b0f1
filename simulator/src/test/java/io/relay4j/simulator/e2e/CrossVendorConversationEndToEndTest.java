package io.relay4j.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Message;
import io.relay4j.core.ToolCall;
import io.relay4j.core.ToolResult;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Simulators;
import io.relay4j.simulator.ToolCallShape;
import io.relay4j.simulator.Vendor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A three-turn tool conversation that changes vendor at every turn, over real HTTP against each vendor's simulator,
 * for every ordered pair of vendors: A answers the question with parallel calls, B answers their results and a
 * follow-up question with parallel calls of its own, A answers those results. Reasoning is on wherever the vendor
 * returns signatures, and the simulators refuse what the vendors refuse (foreign or forged signatures, ids over
 * OpenAI's 40 or Azure's 64 characters or outside the vendors' patterns, a result that answers no call, Gemini 3
 * calls without a signature) with the vendor's 400, so every turn answered proves the history crossed intact; the
 * caller answers every call with the id it was given. The conversation starts with an earlier exchange answered by
 * a Kimi-like compatible server, whose ids ({@code functions.get_weather:0}, a 60-character one) no OpenAI, Azure
 * or Anthropic simulator accepts as they are.
 */
@ExtendWith(NettyLeakGuard.class)
class CrossVendorConversationEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Map<Vendor, SimulatorServer> SERVERS = new EnumMap<>(Vendor.class);
    private static final Map<SimulatedVendor, LlmProvider> PROVIDERS = new EnumMap<>(SimulatedVendor.class);

    @BeforeAll
    static void start() {
        for (SimulatedVendor vendor : SimulatedVendor.values()) {
            SimulatorServer server = SERVERS.computeIfAbsent(vendor.vendor(),
                    v -> Simulators.start(v, Behaviour.builder().seed(11).build()));
            PROVIDERS.put(vendor, vendor.connect(server));
        }
    }

    @AfterAll
    static void stop() {
        PROVIDERS.values().forEach(LlmProvider::close);
        SERVERS.values().forEach(Simulators::stop);
    }

    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (SimulatedVendor a : SimulatedVendor.values()) {
            for (SimulatedVendor b : SimulatedVendor.values()) {
                if (a != b) {
                    pairs.add(Arguments.of(a, b));
                }
            }
        }
        return pairs.stream();
    }

    /** An earlier, finished exchange whose calls came from a Kimi-like server, in its id shapes. */
    private static List<Message> kimiExchange() {
        List<ToolCall> calls = List.of(ToolCall.of("functions.get_weather:0", "get_weather", "{\"city\":\"Oslo\"}"),
                ToolCall.of("call_" + "k".repeat(55), "get_time", "{\"zone\":\"Europe/Oslo\"}"));
        return List.of(Message.user("Weather and time in Oslo?"), Message.assistant(calls),
                Message.toolResults(ToolTurns.run(calls)), Message.assistant("Clear and 21 C in Oslo, 12:00."));
    }

    /** The conversation so far, as the request {@code target} gets: its own reasoning setting where it signs. */
    private static LlmRequest request(List<Message> conversation, SimulatedVendor target) {
        LlmRequest.Builder request = LlmRequest.builder().messages(conversation).tool(ToolTurns.WEATHER)
                .tool(ToolTurns.TIME).maxTokens(ToolTurns.MAX_TOKENS);
        if (target.returnsReasoningState()) {
            request.reasoning(target.reasoning());
        }
        return request.build();
    }

    private static LlmResponse turn(List<Message> conversation, SimulatedVendor target) {
        return PROVIDERS.get(target).generate(request(conversation, target)).block(TIMEOUT);
    }

    /** Appends the answer and the caller's results, answered with the ids the answer gave. */
    private static List<ToolCall> answerCalls(List<Message> conversation, LlmResponse answer) {
        List<ToolCall> calls = answer.toolCalls();
        assertThat(calls).as("parallel calls").hasSize(2);
        conversation.add(answer.message());
        List<ToolResult> results = ToolTurns.run(calls);
        assertThat(results).extracting(ToolResult::callId).containsExactlyElementsOf(
                calls.stream().map(ToolCall::id).toList());
        conversation.add(Message.toolResults(results));
        return calls;
    }

    @ParameterizedTest(name = "{0} -> {1} -> {0}")
    @MethodSource("pairs")
    void aToolConversationSwitchesVendorAtEveryTurnAndCompletes(SimulatedVendor a, SimulatedVendor b) {
        List<Message> asked = ToolTurns.ask(ToolCallShape.PARALLEL, java.util.Optional.empty()).messages();
        List<Message> conversation = new ArrayList<>(asked.subList(0, asked.size() - 1));
        conversation.addAll(kimiExchange());
        conversation.add(asked.get(asked.size() - 1));
        int firstAnswer = conversation.size();

        LlmResponse first = turn(conversation, a);
        ToolTurns.assertToolAnswer(first, ToolCallShape.PARALLEL);
        List<ToolCall> firstCalls = answerCalls(conversation, first);
        conversation.add(Message.user("And in Porto? " + ToolCallShape.PARALLEL.marker()));

        LlmResponse second = turn(conversation, b);
        ToolTurns.assertToolAnswer(second, ToolCallShape.PARALLEL);
        answerCalls(conversation, second);

        LlmResponse done = turn(conversation, a);

        ToolTurns.assertFinalAnswer(done, 2);
        assertThat(conversation.get(firstAnswer).toolCalls()).as("the caller's ids of the first turn never change")
                .isEqualTo(firstCalls);
        if (a.returnsReasoningState()) {
            assertThat(first.message().reasoning()).as("%s reasoned and signed the first turn", a).isNotEmpty();
        }
    }
}
