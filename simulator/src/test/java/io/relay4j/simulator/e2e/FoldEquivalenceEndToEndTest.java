package io.relay4j.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Behaviour;
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

/**
 * Folding a stream gives what {@code generate} gives, over real HTTP on every vendor: the simulator is deterministic
 * (installing its seeded behaviour again replays the same answer: same text, call ids, arguments and signatures), so
 * {@code LlmChunks.toResponse(provider.stream(request))} must have the same message, finish reason and usage as
 * {@code provider.generate(request)} for text, tool-call and reasoning answers.
 */
@ExtendWith(NettyLeakGuard.class)
class FoldEquivalenceEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Behaviour SEEDED = Behaviour.builder().answerTokens(12).seed(21).build();

    /** The kinds of answer a stream must fold back into. */
    enum Answer {
        TEXT(Optional.empty(), false),
        SINGLE_CALL(Optional.of(ToolCallShape.SINGLE), false),
        PARALLEL_CALLS(Optional.of(ToolCallShape.PARALLEL), false),
        TEXT_THEN_CALL(Optional.of(ToolCallShape.TEXT_THEN_TOOL), false),
        REASONING_TEXT(Optional.empty(), true),
        REASONING_CALLS(Optional.of(ToolCallShape.PARALLEL), true);

        final Optional<ToolCallShape> tools;
        final boolean reasoning;

        Answer(Optional<ToolCallShape> tools, boolean reasoning) {
            this.tools = tools;
            this.reasoning = reasoning;
        }

        LlmRequest request(SimulatedVendor vendor) {
            if (tools.isPresent()) {
                return ToolTurns.ask(tools.get(), reasoning ? Optional.of(vendor.reasoning()) : Optional.empty());
            }
            LlmRequest.Builder request = LlmRequest.builder().user("Tell me a story").maxTokens(ToolTurns.MAX_TOKENS);
            if (reasoning) {
                request.reasoning(vendor.reasoning());
            }
            return request.build();
        }
    }

    private SimulatorServer server;
    private LlmProvider provider;

    @AfterEach
    void stop() {
        provider.close();
        Simulators.stop(server);
    }


    static Stream<Arguments> answers() {
        List<Arguments> cases = new ArrayList<>();
        for (SimulatedVendor vendor : SimulatedVendor.values()) {
            for (Answer answer : Answer.values()) {
                cases.add(Arguments.of(vendor, answer));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("answers")
    void foldedStreamEqualsGenerate(SimulatedVendor vendor, Answer kind) {
        server = Simulators.start(vendor.vendor(), SEEDED);
        provider = vendor.connect(server);
        LlmRequest request = kind.request(vendor);

        LlmResponse whole = provider.generate(request).block(TIMEOUT);
        // installing the behaviour again restarts its request numbering: the same answer again
        server.setBehaviour(SEEDED);
        LlmResponse folded = LlmChunks.toResponse(provider.stream(request), provider.name()).block(TIMEOUT);

        assertThat(folded.message()).isEqualTo(whole.message());
        assertThat(folded.finishReason()).isEqualTo(whole.finishReason());
        assertThat(folded.usage()).isEqualTo(whole.usage());
        assertThat(folded.model()).isEqualTo(whole.model());
        // the answer is the kind asked for, so the equality above compared what it must
        assertThat(whole.finishReason()).isEqualTo(kind.tools.isPresent() ? FinishReason.TOOL_CALLS : FinishReason.STOP);
        assertThat(whole.toolCalls()).hasSize(kind.tools.map(ToolTurns::callsOf).orElse(0));
        if (kind.reasoning) {
            assertThat(whole.usage().reasoningTokens()).isPositive();
            if (vendor.returnsReasoningState()) {
                assertThat(whole.reasoning()).isNotEmpty();
            }
        }
    }
}
