package io.relay4j.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.health.ProviderHealth;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Simulators;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An empty answer over real HTTP ({@link Fault#EMPTY_ANSWER}: status 200, no text, no tool call, no refusal, the
 * vendor's normal finish sign and 0 output tokens), whole and streamed, on each vendor's simulator, through an
 * {@link LlmRouter}: the attempt fails as {@code EMPTY_ANSWER}, the request falls over to the next provider, which
 * serves the answer, and the empty provider stays in with its failure counted (noise, weighed by its outlier
 * window), not cooled down like a banned one.
 */
@ExtendWith(NettyLeakGuard.class)
class EmptyAnswerEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final LlmRequest REQUEST = LlmRequest.of("Tell me a story");

    /** The two ways to call the router. */
    enum Mode { GENERATE, STREAM }

    private final List<SimulatorServer> servers = new ArrayList<>();
    private final List<LlmProvider> providers = new ArrayList<>();

    @AfterEach
    void stop() {
        providers.forEach(LlmProvider::close);
        servers.forEach(Simulators::stop);
    }

    static Stream<Arguments> everyVendorAndMode() {
        return Arrays.stream(SimulatedVendor.values())
                .flatMap(vendor -> Arrays.stream(Mode.values()).map(mode -> Arguments.of(vendor, mode)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyVendorAndMode")
    void anEmptyAnswerFallsOverToTheNextProviderAndCountsAgainstTheEmptyOne(SimulatedVendor vendor, Mode mode) {
        SimulatorServer empty = start(vendor, Behaviour.always(Fault.EMPTY_ANSWER));
        SimulatorServer fallback = start(SimulatedVendor.OPENAI, Behaviour.healthy());
        LlmProvider primary = connect(vendor, empty, "primary");
        LlmProvider next = connect(SimulatedVendor.OPENAI, fallback, "fallback");
        LlmRouter router = LlmRouter.builder().provider(primary).provider(next).logging(false).build();

        Served served = mode == Mode.GENERATE ? generate(router) : stream(router);

        assertThat(served.provider()).contains(next.name());
        assertThat(served.text().split(" ")).as("the fallback's whole answer")
                .hasSize(Behaviour.DEFAULT_ANSWER_TOKENS);
        assertThat(served.attempts()).filteredOn(attempt -> attempt.outcome() != Attempt.Outcome.SKIPPED)
                .extracting(Attempt::provider, Attempt::outcome, Attempt::errorType)
                .containsExactly(
                        tuple(primary.name(), Attempt.Outcome.FAILED,
                                Optional.of(ErrorType.EMPTY_ANSWER)),
                        tuple(next.name(), Attempt.Outcome.SUCCESS, Optional.empty()));
        assertThat(empty.stats().faults(Fault.EMPTY_ANSWER)).isEqualTo(1);
        assertThat(empty.stats().answersCompleted()).as("the server counts a fault, not an answer").isZero();
        assertThat(fallback.stats().requestsReceived()).isEqualTo(1);
        ProviderHealth health = router.health(primary.name());
        assertThat(health.state()).as("one empty answer is noise, not a ban: the outlier window weighs it")
                .isEqualTo(HealthState.HEALTHY);
        assertThat(health.lastError()).contains(ErrorType.EMPTY_ANSWER);
        assertThat(health.consecutiveFailures()).isEqualTo(1);
        assertThat(health.windowFailureRate()).isEqualTo(1.0);
    }

    /** What the router served: the provider, the text and the attempts it reports. */
    private record Served(Optional<String> provider, String text, List<Attempt> attempts) {
    }

    private static Served generate(LlmRouter router) {
        LlmResponse response = router.generate(REQUEST).block(TIMEOUT);
        return new Served(Optional.of(response.provider()), response.content(), response.attempts());
    }

    private static Served stream(LlmRouter router) {
        List<LlmChunk> chunks = router.stream(REQUEST).collectList().block(TIMEOUT);
        LlmChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.isLast()).isTrue();
        String text = chunks.stream().map(LlmChunk::text).reduce("", String::concat);
        return new Served(last.provider(), text, last.attempts());
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
