package io.relay4j.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.ToolCall;
import io.relay4j.core.error.StreamInterrupted;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Simulators;
import io.relay4j.simulator.ToolCallShape;
import io.relay4j.simulator.Vendor;
import io.relay4j.streaming.LlmChunks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;

/**
 * Issue 14: a stream broken before, inside and after a tool call, for every vendor, against the simulators through
 * the router. Before the first complete call the failover is invisible; inside a call's arguments nothing of the call
 * reaches the consumer and the failover is invisible; after a complete call the stream ends with
 * {@link StreamInterrupted} listing the calls emitted by id and name, never a partial or a duplicate call. Each
 * argument fragment is one simulator token ({@link Behaviour#faultAfterTokens()}); Gemini sends each call whole in
 * one event, so no break falls inside its arguments. OpenAI-family streams close their calls only at the turn's end
 * marker, so a break after a call's last fragment is still before it is complete: invisible too.
 */
@ExtendWith(NettyLeakGuard.class)
class ToolStreamBreakEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final List<SimulatedVendor> VENDORS = List.of(SimulatedVendor.OPENAI, SimulatedVendor.AZURE_OPENAI,
            SimulatedVendor.ANTHROPIC, SimulatedVendor.GEMINI, SimulatedVendor.COMPATIBLE);
    private static final List<Fault> BREAKS = List.of(Fault.TRUNCATED_STREAM, Fault.IN_STREAM_ERROR);

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

    static Stream<Arguments> everyVendor() {
        List<Arguments> cases = new ArrayList<>();
        VENDORS.forEach(vendor -> BREAKS.forEach(fault -> cases.add(Arguments.of(vendor, fault))));
        return cases.stream();
    }

    static Stream<Arguments> fragmentedVendors() {
        return everyVendor().filter(arguments -> arguments.get()[0] != SimulatedVendor.GEMINI);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVendor")
    void aBreakBeforeTheFirstCompleteCallFailsOverInvisibly(SimulatedVendor vendor, Fault fault) {
        LlmRouter router = routerBreaking(vendor, fault, 0);

        assertInvisibleFailover(router, ToolCallShape.PARALLEL, fault);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fragmentedVendors")
    void aBreakInsideACallsArgumentsEmitsNothingOfItAndFailsOverInvisibly(SimulatedVendor vendor, Fault fault) {
        LlmRouter router = routerBreaking(vendor, fault, 2);

        assertInvisibleFailover(router, ToolCallShape.SINGLE, fault);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVendor")
    void aBreakAfterACompleteCallEndsTypedListingItNeverPartialNorDuplicate(SimulatedVendor vendor, Fault fault) {
        LlmRouter router = routerBreaking(vendor, fault, 0);
        // Gemini's first token is the first call, whole; elsewhere one token past the first call's last fragment,
        // since the next call's first token closes the first
        int tokens = vendor.vendor() == Vendor.GEMINI ? 1 : firstCallFragments() + 1;
        primaryServer.setBehaviour(Behaviour.builder().faultRate(fault, 1.0).faultAfterTokens(tokens).seed(1).build());
        if (vendor.vendor() == Vendor.OPENAI || vendor.vendor() == Vendor.AZURE_OPENAI) {
            // the first call is complete only at the end marker, which never came
            assertInvisibleFailover(router, ToolCallShape.PARALLEL, fault);
            return;
        }
        List<LlmChunk> received = new ArrayList<>();
        AtomicReference<Throwable> error = new AtomicReference<>();

        router.stream(ToolTurns.ask(ToolCallShape.PARALLEL, Optional.empty()))
                .doOnNext(received::add).onErrorResume(e -> {
                    error.set(e);
                    return Flux.empty();
                }).blockLast(TIMEOUT);

        List<ToolCall> emitted = received.stream().flatMap(chunk -> chunk.toolCall().stream()).toList();
        assertThat(emitted).as("the first call once, complete; nothing of the second").singleElement()
                .satisfies(call -> {
                    assertThat(call.name()).isEqualTo("get_weather");
                    assertThat(call.arguments()).containsKey("city");
                });
        assertThat(received).noneMatch(LlmChunk::isLast);
        assertThat(error.get()).isInstanceOf(StreamInterrupted.class)
                .hasMessageContaining(emitted.get(0).id() + " get_weather")
                .hasMessageNotContaining("Lisbon");
        assertThat(((StreamInterrupted) error.get()).emittedToolCalls())
                .containsExactly(Map.entry(emitted.get(0).id(), "get_weather"));
        assertThat(secondaryServer.stats().requestsReceived()).as("never resumed into a duplicate call").isZero();
    }

    /** How many argument fragments the primary's healthy answer streams for its first call. */
    private int firstCallFragments() {
        Behaviour breaking = primaryServer.behaviour();
        primaryServer.setBehaviour(Behaviour.builder().seed(1).build());
        try {
            LlmRequest probe = ToolTurns.ask(ToolCallShape.PARALLEL, Optional.empty()).toBuilder()
                    .toolCallDeltas(true).build();
            List<LlmChunk> chunks = primary.stream(probe).collectList().block(TIMEOUT);
            long fragments = chunks.stream().flatMap(chunk -> chunk.toolCallDelta().stream())
                    .filter(delta -> delta.index() == 0).count();
            assertThat(fragments).as("the first call's fragments").isPositive();
            return (int) fragments;
        } finally {
            primaryServer.setBehaviour(breaking);
        }
    }

    private LlmRouter routerBreaking(SimulatedVendor vendor, Fault fault, int tokensBeforeBreak) {
        SimulatedVendor other = vendor == SimulatedVendor.GEMINI ? SimulatedVendor.ANTHROPIC : SimulatedVendor.GEMINI;
        primaryServer = Simulators.start(vendor.vendor(), Behaviour.builder().faultRate(fault, 1.0)
                .faultAfterTokens(tokensBeforeBreak).seed(1).build());
        secondaryServer = Simulators.start(other.vendor(), Behaviour.builder().seed(2).build());
        primary = vendor.connect(primaryServer);
        secondary = other.connect(secondaryServer);
        return LlmRouter.builder().provider(primary).provider(secondary).logging(false).build();
    }

    private void assertInvisibleFailover(LlmRouter router, ToolCallShape shape, Fault fault) {
        LlmRequest asked = ToolTurns.ask(shape, Optional.empty());

        List<LlmChunk> chunks = router.stream(asked).collectList().block(TIMEOUT);

        ToolTurns.assertEachCallOnce(chunks);
        LlmResponse answer = LlmChunks.toResponse(Flux.fromIterable(chunks), "router").block(TIMEOUT);
        ToolTurns.assertToolAnswer(answer, shape);
        assertThat(answer.provider()).isEqualTo(secondary.name());
        assertThat(answer.attempts()).filteredOn(attempt -> attempt.provider().equals(primary.name()))
                .isNotEmpty().allSatisfy(attempt -> assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.FAILED));
        assertThat(primaryServer.stats().faults(fault)).as("the primary's stream was broken").isPositive();
    }
}
