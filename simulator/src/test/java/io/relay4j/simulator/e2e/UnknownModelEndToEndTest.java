package io.relay4j.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.relay4j.core.Attempt;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.health.ProviderHealth;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.providers.ProviderBuilder;
import io.relay4j.providers.anthropic.AnthropicProvider;
import io.relay4j.providers.gemini.GeminiProvider;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Simulators;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Review finding 3 (2026-11-30) over real HTTP: a request naming an OpenAI model reached Anthropic and Gemini,
 * whose 404 model-not-found answers cooled both down for ten minutes for every other request. Now each 404 is
 * the request's fault: it falls over to the vendor that has the model, and neither provider's health moves.
 * Anthropic and Gemini are local servers answering each vendor's own 404 body for a model it does not serve
 * (the simulator serves any model); OpenAI is the simulator.
 */
@ExtendWith(NettyLeakGuard.class)
class UnknownModelEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final AtomicInteger anthropicCalls = new AtomicInteger();
    private final AtomicInteger geminiCalls = new AtomicInteger();
    private final DisposableServer anthropicServer = notFoundServer(anthropicCalls,
            "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: gpt-4o\"}}");
    private final DisposableServer geminiServer = notFoundServer(geminiCalls,
            "{\"error\":{\"code\":404,\"message\":\"models/gpt-4o is not found for API version v1beta, or is not "
                    + "supported for generateContent.\",\"status\":\"NOT_FOUND\"}}");
    private final SimulatorServer openaiServer = Simulators.start(SimulatedVendor.OPENAI.vendor(), Behaviour.healthy());
    private final LlmProvider anthropic = local(AnthropicProvider.builder(), "anthropic", "claude-sonnet-4-5",
            anthropicServer).build();
    private final LlmProvider gemini = local(GeminiProvider.builder(), "gemini", "gemini-2.5-flash",
            geminiServer).build();
    private final LlmProvider openai = SimulatedVendor.OPENAI.connect(openaiServer);
    private final LlmRouter router = LlmRouter.builder()
            .provider(anthropic).provider(gemini).provider(openai)
            .logging(false)
            .build();

    @AfterEach
    void stop() {
        router.close();
        anthropicServer.disposeNow();
        geminiServer.disposeNow();
        Simulators.stop(openaiServer);
    }

    @Test
    void aModelOnlyOneVendorServesFallsOverToItWithoutCoolingTheOthersDown() {
        LlmResponse answer = router.generate(LlmRequest.builder().user("Say hi").model("gpt-4o").build())
                .block(TIMEOUT);

        assertThat(answer.provider()).isEqualTo("openai");
        assertThat(answer.attempts()).extracting(Attempt::provider, Attempt::outcome, Attempt::errorType)
                .containsExactly(tuple("anthropic", Attempt.Outcome.FAILED, Optional.of(ErrorType.MODEL_NOT_FOUND)),
                        tuple("gemini", Attempt.Outcome.FAILED, Optional.of(ErrorType.MODEL_NOT_FOUND)),
                        tuple("openai", Attempt.Outcome.SUCCESS, Optional.empty()));
        assertThat(anthropicCalls).as("not retried in place").hasValue(1);
        assertThat(geminiCalls).hasValue(1);
        assertHealthy(router.health("anthropic"));
        assertHealthy(router.health("gemini"));
    }

    private static void assertHealthy(ProviderHealth health) {
        assertThat(health.state()).isEqualTo(HealthState.HEALTHY);
        assertThat(health.consecutiveFailures()).isZero();
    }

    /** A vendor that serves none of the models asked of it: every call is a 404 with the vendor's body. */
    private static DisposableServer notFoundServer(AtomicInteger calls, String body) {
        return HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> request.receive().then(Mono.defer(() -> {
                    calls.incrementAndGet();
                    return response.status(HttpResponseStatus.NOT_FOUND)
                            .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                            .sendString(Mono.just(body)).then();
                })))
                .bindNow();
    }

    private static <B extends ProviderBuilder<B>> B local(B builder, String name, String model, DisposableServer server) {
        return builder.name(name).apiKey(SimulatedVendor.API_KEY).model(model)
                .baseUrl("http://127.0.0.1:" + server.port());
    }
}
