package io.relay4j.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.ToolCall;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Simulators;
import io.relay4j.simulator.ToolCallShape;
import io.relay4j.streaming.LlmChunks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;

/**
 * A fault inside a tool call's arguments on the primary (the stream cut, or an error event, after two argument
 * fragments of the first call) fails over through the router without the consumer noticing: nothing of the
 * unfinished call reaches it, the secondary's calls arrive once each, and the conversation goes on with them.
 */
@ExtendWith(NettyLeakGuard.class)
class ToolCallFailoverEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Deltas before the fault: the weather call's arguments are five fragments of eight characters. */
    private static final int FRAGMENTS_BEFORE_FAULT = 2;

    private SimulatorServer primaryServer;
    private SimulatorServer secondaryServer;
    private LlmProvider primary;
    private LlmProvider secondary;

    @AfterEach
    void stop() {
        primary.close();
        secondary.close();
        Simulators.stop(primaryServer);
        Simulators.stop(secondaryServer);
    }

    static Stream<Arguments> cuts() {
        List<Arguments> cases = new ArrayList<>();
        for (SimulatedVendor vendor : List.of(SimulatedVendor.OPENAI, SimulatedVendor.AZURE_OPENAI,
                SimulatedVendor.ANTHROPIC, SimulatedVendor.COMPATIBLE)) {
            for (Fault fault : List.of(Fault.TRUNCATED_STREAM, Fault.IN_STREAM_ERROR)) {
                for (ToolCallShape shape : List.of(ToolCallShape.SINGLE, ToolCallShape.PARALLEL)) {
                    cases.add(Arguments.of(vendor, fault, shape));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cuts")
    void aStreamCutInsideToolCallArgumentsFailsOverAndEachCallArrivesOnce(SimulatedVendor primaryVendor, Fault fault,
                                                                         ToolCallShape shape) {
        primaryServer = Simulators.start(primaryVendor.vendor(), Behaviour.builder().faultRate(fault, 1.0)
                .faultAfterTokens(FRAGMENTS_BEFORE_FAULT).seed(1).build());
        secondaryServer = Simulators.start(SimulatedVendor.GEMINI.vendor(), Behaviour.builder().seed(2).build());
        primary = primaryVendor.connect(primaryServer);
        secondary = SimulatedVendor.GEMINI.connect(secondaryServer);
        LlmRouter router = LlmRouter.builder().provider(primary).provider(secondary).logging(false).build();
        LlmRequest asked = ToolTurns.ask(shape, Optional.empty());

        List<LlmChunk> chunks = router.stream(asked).collectList().block(TIMEOUT);

        ToolTurns.assertEachCallOnce(chunks);
        LlmResponse answer = LlmChunks.toResponse(Flux.fromIterable(chunks), "router").block(TIMEOUT);
        ToolTurns.assertToolAnswer(answer, shape);
        assertThat(answer.provider()).isEqualTo("gemini");
        assertThat(answer.toolCalls()).extracting(ToolCall::id).allSatisfy(id -> assertThat(id).startsWith("relay4j-gemini-"));
        assertThat(answer.attempts()).filteredOn(attempt -> attempt.provider().equals(primary.name()))
                .isNotEmpty().allSatisfy(attempt -> assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.FAILED));
        assertThat(primaryServer.stats().faults(fault)).as("the primary's stream was cut").isPositive();

        LlmResponse done = router.generate(ToolTurns.answerCalls(asked, answer.message())).block(TIMEOUT);

        ToolTurns.assertFinalAnswer(done, ToolTurns.callsOf(shape));
    }
}
