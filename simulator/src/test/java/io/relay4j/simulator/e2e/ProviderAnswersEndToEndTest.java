package io.relay4j.simulator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmProvider;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.Usage;
import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.Await;
import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.SimulatorServer;
import io.relay4j.simulator.SimulatorStats;
import io.relay4j.simulator.Simulators;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

/**
 * Each real provider against the simulator of its vendor over real HTTP: whole answers and streams parse into
 * the same answer, and a stream the caller cancels is seen by the server as a client that left.
 */
@ExtendWith(NettyLeakGuard.class)
class ProviderAnswersEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int WORDS = 12;
    private static final Behaviour SEEDED = Behaviour.builder().answerTokens(WORDS).seed(11).build();
    private static final LlmRequest REQUEST = LlmRequest.builder().system("Be brief.").user("Tell me a story").build();

    private SimulatorServer server;
    private LlmProvider provider;

    @AfterEach
    void stop() {
        provider.close();
        Simulators.stop(server);
    }

    private void serve(SimulatedVendor vendor, Behaviour behaviour) {
        server = Simulators.start(vendor.vendor(), behaviour);
        provider = vendor.connect(server);
    }

    @ParameterizedTest
    @EnumSource(SimulatedVendor.class)
    void wholeAnswerParsesWithUsageFinishReasonModelAndRequestId(SimulatedVendor vendor) {
        serve(vendor, SEEDED);

        LlmResponse response = provider.generate(REQUEST).block(TIMEOUT);

        assertThat(response.content()).matches("[A-Z][a-z]+( [A-Za-z]+\\.?)+\\.");
        assertThat(response.content().split(" ")).hasSize(WORDS);
        assertThat(response.usage().outputTokens()).isEqualTo(WORDS);
        assertThat(response.usage().inputTokens()).isPositive();
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.model()).isEqualTo(vendor.model());
        assertThat(response.provider()).isEqualTo(provider.name());
        assertThat(response.requestId()).hasValueSatisfying(id -> assertThat(id).isNotBlank());
        // the server counts an answer once its last write completes, which may be after the client has read it
        assertThat(Await.stats(server, s -> s.answersCompleted() >= 1).answersCompleted()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(SimulatedVendor.class)
    void answerCutByMaxTokensSaysLength(SimulatedVendor vendor) {
        serve(vendor, SEEDED);

        LlmResponse response = provider.generate(REQUEST.toBuilder().maxTokens(5).build()).block(TIMEOUT);

        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.usage().outputTokens()).isEqualTo(5);
        assertThat(response.content().split(" ")).hasSize(5);
    }

    @ParameterizedTest
    @EnumSource(SimulatedVendor.class)
    void streamConcatenatesToTheWholeAnswerOfTheSameSeed(SimulatedVendor vendor) {
        serve(vendor, SEEDED);
        LlmResponse whole = provider.generate(REQUEST).block(TIMEOUT);
        // installing the behaviour again restarts its request numbering: request 1 again, same text
        server.setBehaviour(SEEDED);

        List<LlmChunk> chunks = provider.stream(REQUEST).collectList().block(TIMEOUT);

        assertThat(chunks).hasSizeGreaterThan(2);
        List<LlmChunk> text = chunks.subList(0, chunks.size() - 1);
        assertThat(text).allSatisfy(chunk -> {
            assertThat(chunk.text()).isNotEmpty();
            assertThat(chunk.isLast()).isFalse();
        });
        assertThat(chunks.stream().map(LlmChunk::text).collect(Collectors.joining())).isEqualTo(whole.content());
        LlmChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.finishReason()).contains(FinishReason.STOP);
        assertThat(last.usage()).contains(whole.usage());
        assertThat(last.usage().map(Usage::outputTokens)).contains((long) WORDS);
        assertThat(last.model()).contains(vendor.model());
        // the server counts an answer once its last write completes, which may be after the client has read it
        assertThat(Await.stats(server, s -> s.answersCompleted() >= 2).answersCompleted()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(SimulatedVendor.class)
    void cancellingAStreamIsSeenByTheServerAsAClientThatLeft(SimulatedVendor vendor) {
        // 1,000 words at 20 ms each: the stream cannot end on its own while the test waits
        serve(vendor, Behaviour.builder().answerTokens(1_000).tokenDelay(Duration.ofMillis(20)).seed(3).build());

        StepVerifier.create(provider.stream(REQUEST).take(2))
                .expectNextCount(2)
                .expectComplete()
                .verify(TIMEOUT);

        SimulatorStats stats = Await.stats(server, s -> s.cancellations() == 1 && s.requestsInFlight() == 0);
        assertThat(stats.streamsInFlight()).isZero();
        assertThat(stats.answersCompleted()).isZero();
        assertThat(stats.requestsReceived()).isEqualTo(1);
    }
}
