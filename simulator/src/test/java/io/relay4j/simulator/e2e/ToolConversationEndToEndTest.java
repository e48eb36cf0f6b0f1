package io.relay4j.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.ContentPart;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderState;
import io.relay4j.core.Reasoning;
import io.relay4j.core.ReasoningPart;
import io.relay4j.core.ToolCall;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Await;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Simulators;
import io.relay4j.simulator.ToolCallShape;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A tool conversation through each vendor's simulator over real HTTP, as a caller writes it: ask with tools, get the
 * calls (single, parallel, text then tool), append {@code answer.message()} and the results, get the final answer;
 * whole and streamed, through the provider and through a router. Where the vendor returns reasoning state (Anthropic
 * thinking signatures, Gemini thought signatures) reasoning is on, and the simulator, which accepts only the
 * signatures it minted, accepting the second turn proves the state went back exactly.
 */
@ExtendWith(NettyLeakGuard.class)
class ToolConversationEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private SimulatorServer server;
    private LlmProvider provider;
    private LlmRouter router;

    @AfterEach
    void stop() {
        provider.close();
        Simulators.stop(server);
    }

    private void serve(SimulatedVendor vendor) {
        server = Simulators.start(vendor.vendor(), Behaviour.builder().seed(5).build());
        provider = vendor.connect(server);
        router = LlmRouter.builder().provider(provider).logging(false).build();
    }

    static Stream<Arguments> conversations() {
        List<Arguments> cases = new ArrayList<>();
        for (SimulatedVendor vendor : SimulatedVendor.values()) {
            for (ToolCallShape shape : ToolCallShape.values()) {
                for (CallPath path : CallPath.values()) {
                    cases.add(Arguments.of(vendor, shape, path));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("conversations")
    void toolConversationRoundTrip(SimulatedVendor vendor, ToolCallShape shape, CallPath path) {
        serve(vendor);
        Optional<Reasoning> reasoning = vendor.returnsReasoningState() ? Optional.of(vendor.reasoning()) : Optional.empty();
        LlmRequest asked = ToolTurns.ask(shape, reasoning);

        LlmResponse calls = path.call(provider, router, asked);

        ToolTurns.assertToolAnswer(calls, shape);
        if (vendor.returnsReasoningState()) {
            assertCarriesSignature(vendor, calls.message());
        }

        LlmResponse done = path.call(provider, router, ToolTurns.answerCalls(asked, calls.message()));

        ToolTurns.assertFinalAnswer(done, ToolTurns.callsOf(shape));
        assertThat(Await.stats(server, s -> s.answersCompleted() >= 2).requestsReceived())
                .as("two turns, no retry of a refused one").isEqualTo(2);
    }

    /**
     * The control that makes the round trip mean something: a signature the simulator did not mint is refused with
     * the vendor's 400, an {@link InvalidRequest}.
     */
    @ParameterizedTest
    @EnumSource(value = SimulatedVendor.class, names = {"ANTHROPIC", "GEMINI", "GEMINI_3"})
    void aSignatureChangedOnTheWayBackIsRefused(SimulatedVendor vendor) {
        serve(vendor);
        LlmRequest asked = ToolTurns.ask(ToolCallShape.SINGLE, Optional.of(vendor.reasoning()));
        Message answer = provider.generate(asked).block(TIMEOUT).message();

        Message tampered = Message.assistant(answer.parts().stream().map(ToolConversationEndToEndTest::tamper).toList());

        assertThatThrownBy(() -> provider.generate(ToolTurns.answerCalls(asked, tampered)).block(TIMEOUT))
                .isInstanceOf(InvalidRequest.class);
    }

    private static ContentPart tamper(ContentPart part) {
        if (part instanceof ReasoningPart reasoning && reasoning.state().isPresent()) {
            return reasoning.withState(forged(reasoning.state().get()));
        }
        if (part instanceof ToolCall call && call.state().isPresent()) {
            return call.withState(forged(call.state().get()));
        }
        return part;
    }

    private static ProviderState forged(ProviderState state) {
        return ProviderState.of(state.provider(), state.vendor(), "Zm9yZ2Vk" + state.value());
    }

    /** Anthropic: a thinking block with its signature; Gemini: the first call signed. */
    private void assertCarriesSignature(SimulatedVendor vendor, Message answer) {
        String wireVendor = provider.info().vendor();
        assertThat(answer.reasoning()).as("reasoning shown").isNotEmpty();
        if (vendor == SimulatedVendor.ANTHROPIC) {
            assertThat(answer.parts()).filteredOn(ReasoningPart.class::isInstance)
                    .singleElement().satisfies(part -> assertThat(((ReasoningPart) part).state())
                            .hasValueSatisfying(state -> assertThat(state.isFrom(provider.name(), wireVendor)).isTrue()));
        } else {
            assertThat(answer.toolCalls().get(0).state()).as("the first call's thought signature")
                    .hasValueSatisfying(state -> assertThat(state.isFrom(provider.name(), wireVendor)).isTrue());
        }
    }
}
