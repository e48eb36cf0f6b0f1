package io.relay4j.simulator;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.testing.NettyLeakGuard;
import io.relay4j.simulator.SimClient.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

@ExtendWith(NettyLeakGuard.class)
class FaultDecisionTest {

    private final VirtualTimeScheduler virtualTime = VirtualTimeScheduler.create();
    private SimulatorServer server;
    private SimClient client;

    @AfterEach
    void stop() {
        if (server != null) {
            Simulators.stop(server);
        }
        virtualTime.dispose();
    }

    private void serve(Vendor vendor, Behaviour behaviour) {
        server = Simulators.start(SimulatorServer.builder(vendor).behaviour(behaviour).timer(virtualTime));
        client = new SimClient(server);
    }

    private List<Integer> statuses(SimulatorServer target, int requests) {
        SimClient caller = new SimClient(target);
        return Flux.range(0, requests)
                .concatMap(i -> caller.call(false, caller.request(false)).map(Reply::status))
                .collectList()
                .block(SimClient.TIMEOUT);
    }

    private int status() {
        return client.call(false, client.request(false)).block(SimClient.TIMEOUT).status();
    }

    @Test
    void aRequestsPerSecondLimitThrottlesTheRestOfEachSecond() {
        serve(Vendor.OPENAI, Behaviour.builder().requestsPerSecond(3).build());

        List<Integer> firstSecond = statuses(server, 5);
        virtualTime.advanceTimeBy(ofSeconds(1));
        List<Integer> nextSecond = statuses(server, 4);

        assertThat(firstSecond).containsExactly(200, 200, 200, 429, 429);
        assertThat(nextSecond).containsExactly(200, 200, 200, 429);
        assertThat(server.stats().faults(Fault.RATE_LIMIT_429)).isEqualTo(3);
    }

    @Test
    void seededFaultRatesGiveTheSameSequenceOnEveryRun() {
        Behaviour flaky = Behaviour.builder()
                .faultRate(Fault.SERVER_ERROR_500, 0.3)
                .faultRate(Fault.RATE_LIMIT_429, 0.2)
                .seed(11)
                .build();
        serve(Vendor.OPENAI, flaky);
        List<Integer> first = statuses(server, 30);
        server.setBehaviour(flaky);
        List<Integer> second = statuses(server, 30);
        server.setBehaviour(flaky.toBuilder().seed(12).build());
        List<Integer> otherSeed = statuses(server, 30);

        assertThat(first).containsOnly(200, 429, 500).contains(200, 429, 500);
        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
        assertThat(server.stats().faults(Fault.SERVER_ERROR_500) + server.stats().faults(Fault.RATE_LIMIT_429))
                .isEqualTo(first.stream().filter(s -> s != 200).count() * 2
                        + otherSeed.stream().filter(s -> s != 200).count());
    }

    @Test
    void requestWindowInjectsTheFaultForThoseRequestsOnly() {
        serve(Vendor.GEMINI, Behaviour.builder()
                .schedule(FaultSchedule.builder().forRequests(2, 4, Fault.BAN_403).build())
                .build());

        assertThat(statuses(server, 5)).containsExactly(200, 200, 403, 403, 200);
    }

    @Test
    void timeWindowBansThePrimaryMidRunAndLetsItComeBack() {
        serve(Vendor.ANTHROPIC, Behaviour.builder()
                .schedule(FaultSchedule.builder().between(ofSeconds(10), ofSeconds(40), Fault.BAN_403).build())
                .build());

        assertThat(status()).isEqualTo(200);
        virtualTime.advanceTimeBy(ofSeconds(15));
        assertThat(status()).isEqualTo(403);
        virtualTime.advanceTimeBy(ofSeconds(24));
        assertThat(status()).isEqualTo(403);
        virtualTime.advanceTimeBy(ofSeconds(2));
        assertThat(status()).isEqualTo(200);
    }

    @Test
    void burstsThrottleForAPartOfEveryPeriod() {
        serve(Vendor.OPENAI, Behaviour.builder()
                .schedule(FaultSchedule.builder().bursts(Fault.RATE_LIMIT_429, ofSeconds(5), ofSeconds(10), ofSeconds(2)).build())
                .build());

        int[] expected = {200, 429, 429, 200, 200, 429};
        long[] at = {4, 5, 6, 8, 14, 15};
        long now = 0;
        for (int i = 0; i < at.length; i++) {
            virtualTime.advanceTimeBy(ofSeconds(at[i] - now));
            now = at[i];
            assertThat(status()).as("status at second %d", at[i]).isEqualTo(expected[i]);
        }
    }

    @Test
    void setBehaviourTakesEffectForTheNextRequestAndRestartsTheSchedule() {
        serve(Vendor.OPENAI, Behaviour.healthy());
        assertThat(status()).isEqualTo(200);

        server.setBehaviour(Behaviour.always(Fault.UNAVAILABLE_503));
        assertThat(status()).isEqualTo(503);

        server.setBehaviour(Behaviour.builder()
                .schedule(FaultSchedule.builder().forRequests(0, 1, Fault.BAN_403).build()).build());
        assertThat(statuses(server, 2)).containsExactly(403, 200);
        assertThat(server.behaviour().schedule().isEmpty()).isFalse();
    }

    @Test
    void aStreamUnderWayKeepsTheBehaviourItStartedWith() {
        server = Simulators.start(Vendor.ANTHROPIC,
                Behaviour.builder().answerTokens(20).tokenDelay(Duration.ofMillis(10)).build());
        client = new SimClient(server);
        ChunkCollector stream = new ChunkCollector(client.chunks(true, VendorRequests.body(Vendor.ANTHROPIC, true, false, 0)))
                .awaitText(text -> text.contains("content_block_delta"));
        server.setBehaviour(Behaviour.always(Fault.SERVER_ERROR_500));
        String body = stream.awaitText(text -> text.contains("message_stop")).text().substring("HTTP 200".length());

        List<SseEvents.Event> events = VendorStreams.events(Vendor.ANTHROPIC, body);
        assertThat(VendorStreams.tokenEvents(Vendor.ANTHROPIC, events)).isEqualTo(20);
        assertThat(VendorStreams.endsProperly(Vendor.ANTHROPIC, events)).isTrue();
        assertThat(status()).isEqualTo(500);
    }

    @Test
    void latencyHoldsTheFirstByteForTheSampledDelay() {
        serve(Vendor.OPENAI, Behaviour.builder().latency(LatencyDistribution.fixed(ofSeconds(5))).build());
        AtomicReference<Long> answeredAt = new AtomicReference<>();
        long start = virtualTime.now(java.util.concurrent.TimeUnit.MILLISECONDS);

        Reply reply = client.call(false, client.request(false))
                .doOnNext(r -> answeredAt.set(virtualTime.now(java.util.concurrent.TimeUnit.MILLISECONDS)))
                .mergeWith(Flux.interval(Duration.ofMillis(5))
                        .doOnNext(tick -> virtualTime.advanceTimeBy(Duration.ofMillis(250)))
                        .then(reactor.core.publisher.Mono.empty()))
                .next()
                .block(SimClient.TIMEOUT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(answeredAt.get() - start).isGreaterThanOrEqualTo(5_000);
    }
}
