package io.relay4j.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relay4j.core.Capability;
import io.relay4j.core.FinishReason;
import io.relay4j.core.ImagePart;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.Message;
import io.relay4j.core.ResponseFormat;
import io.relay4j.core.TextPart;
import io.relay4j.core.error.InvalidRequest;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Await;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.Simulators;
import io.relay4j.simulator.ToolFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Images (inline bytes and an HTTPS URL, which every simulated vendor takes) and structured output (the answer's JSON
 * valid against the schema, carried in the vendor's own field) through each vendor's simulator over real HTTP, whole
 * and streamed, through the provider and through a router. The simulator checks each image and schema as its vendor
 * does, and a control shows an image it refuses does reach it.
 */
@ExtendWith(NettyLeakGuard.class)
class ImagesAndStructuredOutputEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ImagePart INLINE = ImagePart.ofBase64(ToolFixtures.PNG, "image/png");
    private static final ImagePart URL = ImagePart.url("https://images.example.com/cat.png");

    private SimulatorServer server;
    private LlmProvider provider;
    private LlmRouter router;

    @AfterEach
    void stop() {
        provider.close();
        Simulators.stop(server);
    }

    private void serve(SimulatedVendor vendor) {
        server = Simulators.start(vendor.vendor(), Behaviour.builder().seed(9).build());
        // a generic OpenAI-compatible server is not assumed to take images; this one (the OpenAI simulator) does, as
        // its builder says, else the router skips it for images (MISSING_CAPABILITY)
        provider = vendor == SimulatedVendor.COMPATIBLE
                ? vendor.connect(server, builder -> builder.capabilities(EnumSet.allOf(Capability.class)))
                : vendor.connect(server);
        router = LlmRouter.builder().provider(provider).logging(false).build();
    }

    static Stream<Arguments> vendorsAndPaths() {
        List<Arguments> cases = new ArrayList<>();
        for (SimulatedVendor vendor : SimulatedVendor.values()) {
            for (CallPath path : CallPath.values()) {
                cases.add(Arguments.of(vendor, path));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("vendorsAndPaths")
    void inlineAndUrlImagesAreAnswered(SimulatedVendor vendor, CallPath path) {
        serve(vendor);
        LlmRequest request = LlmRequest.builder()
                .message(Message.user(TextPart.of("What is in these pictures?"), INLINE, URL))
                .build();

        LlmResponse answer = path.call(provider, router, request);

        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.content()).isNotBlank();
        assertThat(Await.stats(server, s -> s.answersCompleted() >= 1).requestsReceived()).isEqualTo(1);
    }

    /** The control: the images above did reach the simulator, which refuses a type its vendor does not take. */
    @ParameterizedTest
    @EnumSource(SimulatedVendor.class)
    void anImageTypeTheVendorRefusesReachesTheSimulatorAndIsAnInvalidRequest(SimulatedVendor vendor) {
        serve(vendor);
        ImagePart bitmap = ImagePart.of(Base64.getDecoder().decode(ToolFixtures.PNG), "image/bmp");
        LlmRequest request = LlmRequest.builder().message(Message.user(TextPart.of("And this one?"), bitmap)).build();

        assertThatThrownBy(() -> provider.generate(request).block(TIMEOUT)).isInstanceOf(InvalidRequest.class);
        assertThat(server.stats().requestsReceived()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("vendorsAndPaths")
    void structuredAnswerIsJsonValidAgainstTheSchema(SimulatedVendor vendor, CallPath path) {
        serve(vendor);
        LlmRequest request = LlmRequest.builder()
                .user("Describe the release as JSON.")
                .responseFormat(ResponseFormat.jsonSchema("release", ToolFixtures.ANSWER_SCHEMA))
                .build();

        LlmResponse answer = path.call(provider, router, request);

        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        ToolFixtures.assertValidJson(ToolFixtures.ANSWER_SCHEMA, answer.content());
    }
}
