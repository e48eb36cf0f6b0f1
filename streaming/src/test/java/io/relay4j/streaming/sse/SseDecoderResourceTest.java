package io.relay4j.streaming.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.relay4j.core.error.MalformedResponse;
import io.relay4j.core.testing.NettyLeakGuard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.publisher.TestPublisher;

/** Bounded memory, demand and buffer ownership: every buffer is released on completion, error and cancel. */
@ExtendWith(NettyLeakGuard.class)
class SseDecoderResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final BodyBuffers buffers = new BodyBuffers();

    @AfterEach
    void everyBufferWasReleased() {
        buffers.assertAllReleased();
    }

    private static void assertTooLarge(Throwable error) {
        assertThat(error).isInstanceOf(MalformedResponse.class)
                .hasMessageContaining("[gemini]")
                .hasMessageContaining("longer than 16 bytes");
        assertThat(((MalformedResponse) error).provider()).isEqualTo("gemini");
    }

    @Test
    void aLineLongerThanTheLimitFailsTheStreamWithMalformedResponse() {
        SseDecoder decoder = new SseDecoder("gemini", 16);

        StepVerifier.create(decoder.decode(buffers.body("data: 0123456789", "abc\n\n", "data: never\n\n")))
                .expectErrorSatisfies(SseDecoderResourceTest::assertTooLarge)
                .verify(WAIT);
    }

    @Test
    void aLineExactlyAtTheLimitIsAccepted() {
        SseDecoder decoder = new SseDecoder("gemini", 16);

        StepVerifier.create(decoder.decode(buffers.body("data: 0123456789\n\n")))
                .expectNext(ServerSentEvent.message("0123456789"))
                .verifyComplete();
    }

    @Test
    void anEventWhoseDataOutgrowsTheLimitFailsEvenWhenEachLineIsShort() {
        SseDecoder decoder = new SseDecoder("gemini", 16);

        StepVerifier.create(decoder.decode(buffers.body("data: 12345\ndata: 12345\ndata: 12345\n\n")))
                .expectErrorSatisfies(SseDecoderResourceTest::assertTooLarge)
                .verify(WAIT);
    }

    @Test
    void eventsCompletedBeforeAnOversizeLineInTheSameBufferAreDeliveredFirst() {
        SseDecoder decoder = new SseDecoder("gemini", 16);

        StepVerifier.create(decoder.decode(buffers.body("data: a\n\ndata: b\n\ndata: far too long a line\n")))
                .expectNext(ServerSentEvent.message("a"), ServerSentEvent.message("b"))
                .expectErrorSatisfies(SseDecoderResourceTest::assertTooLarge)
                .verify(WAIT);
    }

    @Test
    void anEndlessLineFailsInsteadOfBufferingWithoutBound() {
        SseDecoder decoder = new SseDecoder("gemini", 16);
        Flux<ByteBuf> endless = Flux.range(0, Integer.MAX_VALUE).map(i -> buffers.buffer("xxxxx"));

        StepVerifier.create(decoder.decode(endless))
                .expectErrorSatisfies(SseDecoderResourceTest::assertTooLarge)
                .verify(WAIT);
        assertThat(buffers.count()).isLessThan(10);
    }

    @Test
    void anUpstreamErrorIsPassedOnAndTheBuffersReadSoFarAreReleased() {
        SseDecoder decoder = new SseDecoder("openai");
        IllegalStateException reset = new IllegalStateException("connection reset");
        Flux<ByteBuf> body = buffers.body("data: a\n\n", "data: b").concatWith(Flux.error(reset));

        StepVerifier.create(decoder.decode(body))
                .expectNext(ServerSentEvent.message("a"))
                .expectErrorSatisfies(e -> assertThat(e).isSameAs(reset))
                .verify(WAIT);
    }

    @Test
    void cancellingReleasesTheBuffersInFlightAndThoseArrivingAfterwards() {
        SseDecoder decoder = new SseDecoder("openai");
        TestPublisher<ByteBuf> network = TestPublisher.createNoncompliant(
                TestPublisher.Violation.DEFER_CANCELLATION, TestPublisher.Violation.REQUEST_OVERFLOW);

        StepVerifier.create(decoder.decode(network.flux()), 1)
                .then(() -> network.next(buffers.buffer("data: a\n\ndata: b\n\n"), buffers.buffer("data: c\n\n"),
                        buffers.buffer("data: d\n\n")))
                .expectNext(ServerSentEvent.message("a"))
                .thenCancel()
                .verify(WAIT);
        network.next(buffers.buffer("data: late\n\n"), buffers.buffer("data: later\n\n"));

        network.assertCancelled();
        assertThat(buffers.count()).isEqualTo(5);
    }

    @Test
    void buffersArrivingAfterAnOversizeFailureAreReleased() {
        SseDecoder decoder = new SseDecoder("gemini", 16);
        TestPublisher<ByteBuf> network = TestPublisher.createNoncompliant(
                TestPublisher.Violation.DEFER_CANCELLATION, TestPublisher.Violation.REQUEST_OVERFLOW);

        StepVerifier.create(decoder.decode(network.flux()))
                .then(() -> network.next(buffers.buffer("data: far too long a line\n"), buffers.buffer("data: x\n\n")))
                .expectErrorSatisfies(SseDecoderResourceTest::assertTooLarge)
                .verify(WAIT);
        network.next(buffers.buffer("data: late\n\n"));
        network.complete();

        assertThat(buffers.count()).isEqualTo(3);
    }

    @Test
    void takingAFewEventsCancelsTheBodyAndReleasesWhatWasRead() {
        SseDecoder decoder = new SseDecoder("openai");
        Flux<ByteBuf> body = Flux.range(0, 1_000).map(i -> buffers.buffer("data: " + i + "\n\ndata: x\n\n"));

        StepVerifier.create(decoder.decode(body).take(3))
                .expectNextCount(3)
                .verifyComplete();
        assertThat(buffers.count()).isLessThan(10);
    }

    @Test
    void oneBufferHoldingManyEventsEmitsThemOnlyAsRequested() {
        SseDecoder decoder = new SseDecoder("openai");

        StepVerifier.create(decoder.decode(buffers.body("data: a\n\ndata: b\n\ndata: c\n\n")), 0)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(1))
                .thenRequest(1)
                .expectNext(ServerSentEvent.message("a"))
                .expectNoEvent(Duration.ofMillis(1))
                .thenRequest(2)
                .expectNext(ServerSentEvent.message("b"), ServerSentEvent.message("c"))
                .verifyComplete();
    }

    @Test
    void theBodyIsReadInProportionToDemandNotAhead() {
        SseDecoder decoder = new SseDecoder("openai");
        AtomicLong requestedFromBody = new AtomicLong();
        Flux<ByteBuf> body = Flux.range(0, 1_000)
                .map(i -> buffers.buffer("data: " + i + "\n\n"))
                .doOnRequest(requestedFromBody::addAndGet);

        StepVerifier.create(decoder.decode(body), 0)
                .thenRequest(3)
                .expectNextCount(3)
                .then(() -> assertThat(requestedFromBody.get()).isLessThanOrEqualTo(6))
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void eachSubscriptionDecodesWithItsOwnState() {
        SseDecoder decoder = new SseDecoder("openai");
        Flux<ServerSentEvent> events = decoder.decode(buffers.body("id: 1\ndata: a\n", "\ndata: b\n\n"));

        List<List<ServerSentEvent>> twice = new ArrayList<>();
        twice.add(events.collectList().block(WAIT));
        twice.add(events.collectList().block(WAIT));

        assertThat(twice.get(0)).hasSize(2).isEqualTo(twice.get(1));
    }
}
