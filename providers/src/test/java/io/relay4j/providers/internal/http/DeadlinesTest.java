package io.relay4j.providers.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.Timeout;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** First-token, idle and total deadlines of a stream, in virtual time. */
class DeadlinesTest {

    private static final ProviderSettings.Timeouts TIMEOUTS = new ProviderSettings.Timeouts(Duration.ofSeconds(5),
            Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(25));

    @Test
    void silentStreamFailsAtTheFirstTokenDeadline() {
        StepVerifier.withVirtualTime(() -> Deadlines.stream(Flux.<String>never(), TIMEOUTS, new CallState("p")))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(14_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(Timeout.class,
                        t -> assertThat(t.kind()).isEqualTo(Timeout.Kind.FIRST_TOKEN)))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void streamThatStallsAfterItsFirstChunkFailsAtTheIdleDeadline() {
        StepVerifier.withVirtualTime(() -> Deadlines.stream(
                        Flux.just("a").delayElements(Duration.ofSeconds(3)).concatWith(Flux.never()),
                        TIMEOUTS, new CallState("p")))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(3))
                .expectNext("a")
                .expectNoEvent(Duration.ofMillis(9_999))
                .thenAwait(Duration.ofMillis(1))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(Timeout.class,
                        t -> assertThat(t.kind()).isEqualTo(Timeout.Kind.IDLE)))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void steadyButEndlessStreamFailsAtTheTotalDeadline() {
        StepVerifier.withVirtualTime(() -> Deadlines.stream(Flux.interval(Duration.ofSeconds(8)), TIMEOUTS,
                        new CallState("p")))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(24))
                .expectNext(0L, 1L, 2L)
                .thenAwait(Duration.ofSeconds(1))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(Timeout.class,
                        t -> assertThat(t.kind()).isEqualTo(Timeout.Kind.TOTAL)))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void timelyStreamCompletes() {
        StepVerifier.withVirtualTime(() -> Deadlines.stream(Flux.just("a", "b").delayElements(Duration.ofSeconds(9)),
                        TIMEOUTS, new CallState("p")))
                .thenAwait(Duration.ofSeconds(18))
                .expectNext("a", "b")
                .verifyComplete();
    }
}
