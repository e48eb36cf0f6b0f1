package io.relay4j.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Simulators;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

/**
 * The router over real providers and simulators: a banned provider is left alone while it cools down (no call
 * reaches its server), then probed, and serves again once its vendor lifted the ban, without anyone's help.
 */
@ExtendWith(NettyLeakGuard.class)
class RouterRecoveryEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration BAN_COOLDOWN = Duration.ofSeconds(3); // long enough that a loaded CI machine still sees the cooldown
    private static final LlmRequest REQUEST = LlmRequest.of("Say hi");

    private final SimulatorServer openaiServer = Simulators.start(SimulatedVendor.OPENAI.vendor(),
            Behaviour.always(Fault.BAN_403));
    private final SimulatorServer anthropicServer = Simulators.start(SimulatedVendor.ANTHROPIC.vendor(),
            Behaviour.healthy());
    private final LlmProvider openai = SimulatedVendor.OPENAI.connect(openaiServer);
    private final LlmProvider anthropic = SimulatedVendor.ANTHROPIC.connect(anthropicServer);
    private final LlmRouter router = LlmRouter.builder()
            .provider(openai).provider(anthropic)
            .cooldown(CooldownConfig.custom().longCooldown(BAN_COOLDOWN).build())
            .logging(false)
            .build();

    @AfterEach
    void stop() {
        openai.close();
        anthropic.close();
        Simulators.stop(openaiServer);
        Simulators.stop(anthropicServer);
    }

    @Test
    void bannedPrimaryIsSkippedWhileCoolingDownThenProbedAndServesAgainOnceTheBanIsLifted() {
        LlmResponse banned = router.generate(REQUEST).block(TIMEOUT);

        assertThat(banned.provider()).isEqualTo("anthropic");
        assertThat(banned.attempts()).extracting(Attempt::provider, Attempt::outcome, Attempt::errorType)
                .containsExactly(tuple("openai", Attempt.Outcome.FAILED, Optional.of(ErrorType.POLICY_VIOLATION)),
                        tuple("anthropic", Attempt.Outcome.SUCCESS, Optional.empty()));
        assertThat(router.health("openai").state()).isEqualTo(HealthState.COOLING_DOWN);

        openaiServer.setBehaviour(Behaviour.healthy());
        // requests keep coming; those that start while OpenAI cools down go to Anthropic without calling it
        LlmResponse recovered = Flux.interval(Duration.ofMillis(20))
                .onBackpressureDrop()
                .concatMap(tick -> router.generate(REQUEST))
                .filter(response -> response.provider().equals("openai"))
                .next()
                .block(TIMEOUT);

        assertThat(recovered.attempts()).extracting(Attempt::provider, Attempt::kind, Attempt::outcome)
                .containsExactly(tuple("openai", Attempt.Kind.PRIMARY, Attempt.Outcome.SUCCESS));
        assertThat(router.health("openai").state()).isEqualTo(HealthState.HEALTHY);
        assertThat(openaiServer.stats().requestsReceived()).as("the banned call and the successful probe").isEqualTo(2);
        assertThat(openaiServer.stats().faults(Fault.BAN_403)).isEqualTo(1);
    }
}
