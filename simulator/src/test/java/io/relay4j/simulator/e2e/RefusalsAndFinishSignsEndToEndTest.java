package io.relay4j.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.Usage;
import io.relay4j.core.error.ContentFiltered;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.error.StreamInterrupted;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.router.ErrorPolicy;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Simulators;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Signal;

/**
 * Issue 12 items 3 and 4 over real HTTP, on each vendor's simulator, through an {@link LlmRouter}:
 * <ul>
 *   <li>a stream that sends its finish sign and usage but not its end marker completes with them;</li>
 *   <li>a refusal, of the prompt or of the answer, in each vendor's own shape, whole and streamed, surfaces as
 *       {@code ContentFiltered}: by default the request fails fast, the next provider is never called and the
 *       refusing provider stays healthy; with {@code errorPolicy(CONTENT_FILTERED, FALL_OVER)} the request falls
 *       over to the next provider, still without cooling the refusing one down;</li>
 *   <li>a refusal after text already reached the consumer ends the stream, as the commit point reports it.</li>
 * </ul>
 */
@ExtendWith(NettyLeakGuard.class)
class RefusalsAndFinishSignsEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_TOKENS = 5;
    private static final LlmRequest REQUEST = LlmRequest.of("Tell me a story");

    /** The two ways to call the router. */
    enum Mode { GENERATE, STREAM }

    private final List<SimulatorServer> servers = new ArrayList<>();
    private final List<LlmProvider> providers = new ArrayList<>();
    private SimulatorServer refusing;
    private SimulatorServer fallback;
    private LlmProvider primary;

    @AfterEach
    void stop() {
        providers.forEach(LlmProvider::close);
        servers.forEach(Simulators::stop);
    }

    static Stream<Arguments> everyVendorModeAndRefusal() {
        return Arrays.stream(SimulatedVendor.values()).flatMap(vendor -> Arrays.stream(Mode.values())
                .flatMap(mode -> Stream.of(Fault.PROMPT_REFUSED, Fault.ANSWER_REFUSED)
                        .map(fault -> Arguments.of(vendor, mode, fault))));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SimulatedVendor.class)
    void aStreamWithItsFinishSignButNoEndMarkerCompletesWithTheFinishReasonAndUsage(SimulatedVendor vendor) {
        LlmRouter router = routerOver(vendor, Behaviour.always(Fault.FINISHED_WITHOUT_END_MARKER), false);

        List<LlmChunk> chunks = router.stream(REQUEST.toBuilder().maxTokens(MAX_TOKENS).build())
                .collectList().block(TIMEOUT);

        LlmChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.isLast()).isTrue();
        assertThat(last.finishReason()).as("the request's max tokens cut the answer").contains(FinishReason.LENGTH);
        assertThat(last.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.outputTokens()).isEqualTo(MAX_TOKENS);
            assertThat(usage.inputTokens()).isPositive();
        });
        assertThat(chunks.stream().map(LlmChunk::text).reduce("", String::concat).split(" ")).hasSize(MAX_TOKENS);
        assertThat(refusing.stats().faults(Fault.FINISHED_WITHOUT_END_MARKER)).isEqualTo(1);
        assertThat(fallback.stats().requestsReceived()).as("nothing failed over").isZero();
        assertThat(router.health(primary.name()).state()).isEqualTo(HealthState.HEALTHY);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("everyVendorModeAndRefusal")
    void aRefusalIsContentFilteredAndFailsFastByDefaultWithoutCoolingTheProviderDown(SimulatedVendor vendor,
                                                                                      Mode mode, Fault fault) {
        LlmRouter router = routerOver(vendor, refusing(fault, 0), false);

        Throwable error = failure(router, mode);

        assertThat(error).isInstanceOfSatisfying(ContentFiltered.class, filtered -> {
            assertThat(filtered.provider()).isEqualTo(primary.name());
            assertThat(filtered.details().vendorCode()).isPresent();
        });
        assertThat(refusing.stats().faults(fault)).isEqualTo(1);
        assertThat(fallback.stats().requestsReceived()).as("a refusal fails fast: no other provider is called")
                .isZero();
        assertThat(router.health(primary.name()).state()).isEqualTo(HealthState.HEALTHY);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("everyVendorModeAndRefusal")
    void aRefusalFallsOverWhenTheCallerOptsInAndStillDoesNotCoolTheProviderDown(SimulatedVendor vendor, Mode mode,
                                                                                  Fault fault) {
        LlmRouter router = routerOver(vendor, refusing(fault, 0), true);

        String answer = mode == Mode.GENERATE
                ? router.generate(REQUEST).map(LlmResponse::content).block(TIMEOUT)
                : router.stream(REQUEST).map(LlmChunk::text).reduce("", String::concat).block(TIMEOUT);

        assertThat(answer.split(" ")).hasSize(Behaviour.DEFAULT_ANSWER_TOKENS);
        assertThat(refusing.stats().faults(fault)).isEqualTo(1);
        assertThat(fallback.stats().requestsReceived()).isEqualTo(1);
        assertThat(router.health(primary.name()).state()).isEqualTo(HealthState.HEALTHY);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SimulatedVendor.class)
    void aRefusalAfterTextReachedTheConsumerEndsTheStreamWithTheRefusalAsItsCause(SimulatedVendor vendor) {
        LlmRouter router = routerOver(vendor, refusing(Fault.ANSWER_REFUSED, 3), true);

        List<Signal<LlmChunk>> signals = router.stream(REQUEST).materialize().collectList().block(TIMEOUT);

        assertThat(signals.stream().filter(Signal::isOnNext).map(Signal::get).map(LlmChunk::text))
                .hasSize(3).noneMatch(String::isEmpty);
        Throwable error = signals.get(signals.size() - 1).getThrowable();
        assertThat(error).isInstanceOfSatisfying(StreamInterrupted.class,
                interrupted -> assertThat(interrupted.partialText().split(" ")).hasSize(3));
        assertThat(error.getCause()).isInstanceOf(ContentFiltered.class);
        assertThat(fallback.stats().requestsReceived()).as("past the commit point nothing falls over").isZero();
        assertThat(router.health(primary.name()).state()).isEqualTo(HealthState.HEALTHY);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SimulatedVendor.class)
    void aWholeAnswerRefusedAfterSomeTextIsContentFilteredNotAPartialAnswer(SimulatedVendor vendor) {
        LlmRouter router = routerOver(vendor, refusing(Fault.ANSWER_REFUSED, 3), false);

        assertThat(failure(router, Mode.GENERATE)).isInstanceOf(ContentFiltered.class);
        assertThat(fallback.stats().requestsReceived()).isZero();
    }

    private static Behaviour refusing(Fault fault, int tokensBefore) {
        return Behaviour.builder().faultRate(fault, 1.0).faultAfterTokens(tokensBefore).seed(7).build();
    }

    private static Throwable failure(LlmRouter router, Mode mode) {
        Flux<?> call = mode == Mode.GENERATE ? router.generate(REQUEST).flux() : router.stream(REQUEST);
        List<? extends Signal<?>> signals = call.materialize().collectList().block(TIMEOUT);
        Signal<?> end = signals.get(signals.size() - 1);
        assertThat(end.isOnError()).as("the call fails, got %s", signals).isTrue();
        assertThat(signals).as("nothing reached the consumer before the refusal").hasSize(1);
        return end.getThrowable();
    }

    /**
     * A router over {@code vendor}'s provider, calling a simulator that behaves as {@code behaviour}, then a healthy
     * OpenAI-format fallback; {@code fallOverOnRefusal} opts in to falling over on {@code ContentFiltered}.
     */
    private LlmRouter routerOver(SimulatedVendor vendor, Behaviour behaviour, boolean fallOverOnRefusal) {
        refusing = start(vendor, behaviour);
        fallback = start(SimulatedVendor.OPENAI, Behaviour.healthy());
        primary = connect(vendor, refusing, "primary");
        LlmProvider next = connect(SimulatedVendor.OPENAI, fallback, "fallback");
        LlmRouter.Builder router = LlmRouter.builder().provider(primary).provider(next).logging(false);
        if (fallOverOnRefusal) {
            router.errorPolicy(ErrorType.CONTENT_FILTERED,
                    ErrorPolicy.of(ErrorPolicy.Action.FALL_OVER, ErrorPolicy.Cooldown.NONE));
        }
        return router.build();
    }

    private SimulatorServer start(SimulatedVendor vendor, Behaviour behaviour) {
        SimulatorServer server = Simulators.start(vendor.vendor(), behaviour);
        servers.add(server);
        return server;
    }

    private LlmProvider connect(SimulatedVendor vendor, SimulatorServer server, String name) {
        LlmProvider provider = vendor.connect(server, builder -> builder.name(name));
        providers.add(provider);
        return provider;
    }
}
