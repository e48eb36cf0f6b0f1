package io.relay4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.testing.NettyLeakGuard;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

@ExtendWith(NettyLeakGuard.class)
class SimulatorStatsTest {

    private SimulatorServer server;
    private SimClient client;

    @AfterEach
    void stop() {
        Simulators.stop(server);
    }

    private void serve(Vendor vendor, Behaviour behaviour) {
        server = Simulators.start(vendor, behaviour);
        client = new SimClient(server);
    }

    @Test
    void countsRequestsAnswersFaultsAndAuthFailures() {
        serve(Vendor.OPENAI, Behaviour.builder()
                .schedule(FaultSchedule.builder().forRequests(1, 2, Fault.SERVER_ERROR_500).build())
                .build());

        client.call(false, client.request(false)).block(SimClient.TIMEOUT);
        client.call(false, client.request(false)).block(SimClient.TIMEOUT);
        client.call(true, client.request(true)).block(SimClient.TIMEOUT);
        client.post("/v1/chat/completions", Map.of(), client.request(false)).block(SimClient.TIMEOUT);

        SimulatorStats stats = Await.stats(server, s -> s.requestsInFlight() == 0 && s.answersCompleted() == 2);
        assertThat(stats.requestsReceived()).isEqualTo(4);
        assertThat(stats.faultsInjected()).containsExactly(Map.entry(Fault.SERVER_ERROR_500, 1L));
        assertThat(stats.totalFaults()).isEqualTo(1);
        assertThat(stats.authFailures()).isEqualTo(1);
        assertThat(stats.cancellations()).isZero();
        assertThat(stats.streamsInFlight()).isZero();
    }

    @Test
    void aKeptAliveConnectionServesOneExchangeAfterAnotherWithoutCancellations() {
        serve(Vendor.ANTHROPIC, Behaviour.builder()
                .schedule(FaultSchedule.builder().forRequests(1, 2, Fault.RATE_LIMIT_429).build())
                .build());
        ConnectionProvider pool = ConnectionProvider.create("keep-alive", 1);
        try {
            HttpClient pooled = HttpClient.create(pool).baseUrl(server.origin())
                    .headers(h -> VendorRequests.authHeaders(Vendor.ANTHROPIC).forEach(h::set));
            List<Integer> statuses = Flux.range(0, 4)
                    .concatMap(i -> pooled.post().uri("/v1/messages")
                            .send(ByteBufFlux.fromString(Mono.just(VendorRequests.body(Vendor.ANTHROPIC, i % 2 == 0, false, 0))))
                            .responseSingle((response, body) -> body.asString().thenReturn(response.status().code())))
                    .collectList()
                    .block(SimClient.TIMEOUT);

            assertThat(statuses).containsExactly(200, 429, 200, 200);
            SimulatorStats stats = Await.stats(server, s -> s.requestsInFlight() == 0 && s.answersCompleted() == 3);
            assertThat(stats.cancellations()).isZero();
        } finally {
            pool.disposeLater().block(SimClient.TIMEOUT);
        }
    }

    @Test
    void clientCancellingMidStreamIsCountedAsACancellation() {
        serve(Vendor.GEMINI, Behaviour.builder().answerTokens(500).tokenDelay(Duration.ofMillis(20)).build());

        ChunkCollector stream = new ChunkCollector(client.chunks(true, client.request(true)))
                .awaitText(text -> text.contains("\"text\""));
        assertThat(Await.stats(server, s -> s.streamsInFlight() == 1).cancellations()).isZero();
        stream.cancel();

        SimulatorStats stats = Await.stats(server, s -> s.cancellations() == 1);
        assertThat(stats.streamsInFlight()).isZero();
        assertThat(stats.requestsInFlight()).isZero();
        assertThat(stats.answersCompleted()).isZero();
    }

    @Test
    void clientLeavingDuringTheLatencyIsCountedAsACancellation() {
        serve(Vendor.ANTHROPIC, Behaviour.builder().latency(LatencyDistribution.fixed(Duration.ofMinutes(5))).build());

        ChunkCollector reply = new ChunkCollector(client.chunks(false, client.request(false)));
        Await.stats(server, s -> s.requestsInFlight() == 1);
        reply.cancel();

        SimulatorStats stats = Await.stats(server, s -> s.cancellations() == 1);
        assertThat(stats.requestsInFlight()).isZero();
        assertThat(reply.text()).isEmpty();
    }

    @Test
    void manyConcurrentStreamsAllComplete() {
        int streams = 200;
        serve(Vendor.OPENAI, Behaviour.builder().answerTokens(10).tokenDelay(Duration.ofMillis(30)).build());

        List<SimClient.Reply> all = Flux.range(0, streams)
                .flatMap(i -> client.call(true, VendorRequests.body(Vendor.OPENAI, true, true, 0)), streams)
                .collectList()
                .block(Duration.ofSeconds(30));

        assertThat(all).hasSize(streams).allSatisfy(reply -> assertThat(reply.body()).endsWith("data: [DONE]\n\n"));
        SimulatorStats stats = Await.stats(server, s -> s.requestsInFlight() == 0);
        assertThat(stats.answersCompleted()).isEqualTo(streams);
        assertThat(stats.cancellations()).isZero();
    }

    @Test
    void manyStalledStreamsAreHeldOpenTogetherUntilTheirClientsLeave() {
        int streams = 200;
        serve(Vendor.ANTHROPIC, Behaviour.always(Fault.STALL_MID_STREAM));

        List<ChunkCollector> open = Flux.range(0, streams)
                .map(i -> new ChunkCollector(client.chunks(true, client.request(true))))
                .collectList()
                .block(SimClient.TIMEOUT);
        Await.stats(server, s -> s.streamsInFlight() == streams);
        open.forEach(ChunkCollector::cancel);

        SimulatorStats stats = Await.stats(server, s -> s.cancellations() == streams);
        assertThat(stats.streamsInFlight()).isZero();
        assertThat(stats.requestsInFlight()).isZero();
        assertThat(stats.faults(Fault.STALL_MID_STREAM)).isEqualTo(streams);
    }

    @Test
    void closingTheServerEndsStalledStreamsWithoutCountingThemAsCancellations() {
        serve(Vendor.ANTHROPIC, Behaviour.always(Fault.STALL_MID_STREAM));
        ChunkCollector stream = new ChunkCollector(client.chunks(true, client.request(true)))
                .awaitText(text -> text.contains("content_block_delta"));
        Await.stats(server, s -> s.streamsInFlight() == 1);

        server.close();
        server.onClose().block(SimClient.TIMEOUT);

        stream.awaitText(text -> stream.terminated());
        SimulatorStats stats = Await.stats(server, s -> s.requestsInFlight() == 0);
        assertThat(stats.cancellations()).isZero();
        assertThat(stats.streamsInFlight()).isZero();
    }
}
