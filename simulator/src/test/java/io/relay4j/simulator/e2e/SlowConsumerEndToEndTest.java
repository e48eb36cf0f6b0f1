package io.relay4j.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.router.TimeoutConfig;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Simulators;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

/**
 * Regression, issue 12 item 1: a slow consumer is not a provider failure. Over real HTTP against each vendor's
 * simulator, a consumer that stops asking for chunks for five times the router's idle limit, twice, still gets
 * the whole answer, with no timeout, one successful attempt and a provider that stays healthy. The idle clock
 * runs only while the consumer waits; before the fix the provider's own idle timer counted the pauses and
 * the healthy provider was cooled down. Real time, short and bounded (about two seconds per vendor).
 */
@ExtendWith(NettyLeakGuard.class)
class SlowConsumerEndToEndTest {

    private static final Duration IDLE = Duration.ofMillis(200);
    private static final Duration PAUSE = Duration.ofSeconds(1);
    private static final int TOKENS = 6;

    private SimulatorServer server;
    private LlmProvider provider;

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        Simulators.stop(server);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = SimulatedVendor.class, names = {"OPENAI", "ANTHROPIC", "GEMINI", "AZURE_OPENAI"})
    void aConsumerPausingLongerThanTheIdleLimitGetsTheWholeAnswerAndTheProviderStaysHealthy(SimulatedVendor vendor) {
        server = Simulators.start(vendor.vendor(), Behaviour.builder().answerTokens(TOKENS).build());
        provider = vendor.connect(server);
        LlmRouter router = LlmRouter.builder().provider(provider)
                .timeouts(TimeoutConfig.custom().idle(IDLE).build())
                .logging(false)
                .build();
        String name = provider.name();
        List<LlmChunk> rest = new ArrayList<>();
        List<LlmChunk> firstTwo = new ArrayList<>();

        StepVerifier.create(router.stream(LlmRequest.of("Say hi")), 1)
                .consumeNextWith(firstTwo::add)
                .thenAwait(PAUSE)
                .thenRequest(1)
                .consumeNextWith(firstTwo::add)
                .thenAwait(PAUSE)
                .thenRequest(Long.MAX_VALUE)
                .recordWith(() -> rest)
                .thenConsumeWhile(chunk -> true)
                .expectComplete()
                .verify(Duration.ofSeconds(10));

        List<LlmChunk> all = new ArrayList<>(firstTwo);
        all.addAll(rest);
        LlmChunk last = all.get(all.size() - 1);
        assertThat(last.isLast()).as("the stream ended with its last chunk, not cut").isTrue();
        assertThat(all.stream().filter(chunk -> !chunk.text().isEmpty()).count())
                .as("every token of the answer arrived").isEqualTo(TOKENS);
        assertThat(last.attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.provider()).isEqualTo(name);
            assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.SUCCESS);
        });
        assertThat(router.health(name).state()).isEqualTo(HealthState.HEALTHY);
        assertThat(server.stats().requestsReceived()).as("one call, never resent").isEqualTo(1);
    }
}
