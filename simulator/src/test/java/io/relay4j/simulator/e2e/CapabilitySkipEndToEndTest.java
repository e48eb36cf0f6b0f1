package io.relay4j.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.relay4j.core.Attempt;
import io.relay4j.core.Capability;
import io.relay4j.core.ImagePart;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.Message;
import io.relay4j.core.TextPart;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Await;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Simulators;
import io.relay4j.simulator.ToolFixtures;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The capability skip over real HTTP: a request with an image, to a router whose first provider is built without
 * {@link Capability#IMAGES}, is served by the next provider without a single call to the first (its simulator sees
 * no request), and the first one's attempt says {@link Attempt.SkipReason#MISSING_CAPABILITY}.
 */
@ExtendWith(NettyLeakGuard.class)
class CapabilitySkipEndToEndTest {

    private static final LlmRequest IMAGE_REQUEST = LlmRequest.builder()
            .message(Message.user(TextPart.of("What is in this picture?"), ImagePart.ofBase64(ToolFixtures.PNG, "image/png")))
            .build();

    private final SimulatorServer textOnlyServer = Simulators.start(SimulatedVendor.OPENAI.vendor(), Behaviour.healthy());
    private final SimulatorServer nextServer = Simulators.start(SimulatedVendor.ANTHROPIC.vendor(), Behaviour.healthy());
    private final LlmProvider textOnly = SimulatedVendor.OPENAI.connect(textOnlyServer,
            builder -> builder.capabilities(Capability.TOOLS, Capability.STRUCTURED_OUTPUT));
    private final LlmProvider next = SimulatedVendor.ANTHROPIC.connect(nextServer);
    private final LlmRouter router = LlmRouter.builder().provider(textOnly).provider(next).logging(false).build();

    @AfterEach
    void stop() {
        textOnly.close();
        next.close();
        Simulators.stop(textOnlyServer);
        Simulators.stop(nextServer);
    }

    @ParameterizedTest
    @EnumSource(value = CallPath.class, names = {"ROUTER_GENERATE", "ROUTER_STREAM"})
    void anImageRequestSkipsTheProviderWithoutImagesWithoutCallingIt(CallPath path) {
        LlmResponse answer = path.call(textOnly, router, IMAGE_REQUEST);

        assertThat(answer.provider()).isEqualTo("anthropic");
        assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::outcome, Attempt::skipReason)
                .containsExactly(
                        tuple("openai", Attempt.Outcome.SKIPPED, Optional.of(Attempt.SkipReason.MISSING_CAPABILITY)),
                        tuple("anthropic", Attempt.Outcome.SUCCESS, Optional.empty()));
        Await.stats(nextServer, s -> s.answersCompleted() >= 1);
        assertThat(textOnlyServer.stats().requestsReceived()).as("calls to the provider without images").isZero();
    }

    /** The control: a text request does go to the first provider, so the skip above is the image's doing. */
    @ParameterizedTest
    @EnumSource(value = CallPath.class, names = {"ROUTER_GENERATE", "ROUTER_STREAM"})
    void aTextRequestStillGoesToTheFirstProvider(CallPath path) {
        LlmResponse answer = path.call(textOnly, router, LlmRequest.of("Say hi"));

        assertThat(answer.provider()).isEqualTo("openai");
        assertThat(Await.stats(textOnlyServer, s -> s.answersCompleted() >= 1).requestsReceived()).isEqualTo(1);
        assertThat(nextServer.stats().requestsReceived()).isZero();
    }
}
