package io.relay4j.core;

import static io.relay4j.core.StreamTestKit.REQUEST;
import static io.relay4j.core.StreamTestKit.streamToEnd;
import static io.relay4j.core.StreamTestKit.summary;
import static io.relay4j.core.StreamTestKit.textOf;
import static io.relay4j.core.testing.ScriptedProvider.streamWithSkippedEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.router.HedgingConfig;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.spi.ProviderCallObserver;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/**
 * Providers report each unparseable event they skip through the {@link ProviderCallObserver} the router puts
 * into every call's context: the router notes the skips on that call's attempt, tells its listeners, and the
 * meter counts them. The stream itself goes on.
 */
@BothRoutingPaths
class LlmRouterMalformedEventsTest extends RoutingPathScenario {

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");
    private final RouterTestKit.Recorder events = new RouterTestKit.Recorder();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private LlmRouter.Builder router() {
        return StreamTestKit.routerOf(StreamConfig.ofDefaults(), events, a, b).meterRegistry(registry);
    }

    @Test
    void streamThatSkippedTwoEventsIsNotedOnItsAttemptToldToListenersAndCounted() {
        a.then(streamWithSkippedEvents(2, "Pod ", "affinity"));

        List<LlmChunk> chunks = streamToEnd(router().build());

        assertThat(textOf(chunks)).isEqualTo("Pod affinity");
        assertThat(chunks.get(chunks.size() - 1).attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.outcome()).isEqualTo(Attempt.Outcome.SUCCESS);
            assertThat(attempt.detail()).contains("skipped 2 malformed events");
        });
        long requestId = events.of(RouterEvent.RequestStarted.class).get(0).requestId();
        assertThat(events.of(RouterEvent.MalformedEventSkipped.class))
                .extracting(RouterEvent.MalformedEventSkipped::requestId, RouterEvent.MalformedEventSkipped::provider)
                .containsExactly(tuple(requestId, "a"), tuple(requestId, "a"));
        assertThat(registry.get("relay4j.stream.malformed.events").tag("provider", "a").counter().count())
                .isEqualTo(2.0);
    }

    @Test
    void wholeAnswerOfACallThatSkippedAnEventNotesItOnTheAttempt() {
        a.then(streamWithSkippedEvents(1, "hi"));

        StepVerifier.create(router().build().generate(REQUEST))
                .assertNext(response -> {
                    assertThat(response.content()).isEqualTo("hi");
                    assertThat(response.attempts()).singleElement()
                            .satisfies(attempt -> assertThat(attempt.detail()).contains("skipped 1 malformed event"));
                })
                .verifyComplete();
        assertThat(registry.get("relay4j.stream.malformed.events").tag("provider", "a").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void failedCallKeepsItsSkipsOnItsOwnAttemptAndTheFallbackStartsClean() {
        a.then(skipThen(1, Flux.error(() -> Errors.banned().apply("a"))));
        b.then(streamWithSkippedEvents(0, "from b"));

        List<LlmChunk> chunks = streamToEnd(router().build());

        assertThat(textOf(chunks)).isEqualTo("from b");
        assertThat(chunks.get(chunks.size() - 1).attempts())
                .extracting(Attempt::provider, Attempt::outcome, Attempt::detail)
                .containsExactly(tuple("a", Attempt.Outcome.FAILED, Optional.of("skipped 1 malformed event")),
                        tuple("b", Attempt.Outcome.SUCCESS, Optional.empty()));
    }

    @Test
    void eachHedgedCallCountsOnlyItsOwnSkips() {
        a.then(skipThen(1, Flux.never()));
        b.then(streamWithSkippedEvents(2, "fast ", "b"));
        LlmRouter router = router()
                .hedging(HedgingConfig.custom().fixedDelay(Duration.ofMillis(300)).budgetFraction(1.0).build()).build();

        List<LlmChunk> chunks = streamToEnd(router);

        LlmChunk last = chunks.get(chunks.size() - 1);
        assertThat(summary(last.attempts())).containsExactly("a PRIMARY CANCELLED", "b HEDGE SUCCESS");
        assertThat(last.attempts()).extracting(Attempt::detail)
                .containsExactly(Optional.of("skipped 1 malformed event"), Optional.of("skipped 2 malformed events"));
        assertThat(registry.get("relay4j.stream.malformed.events").tag("provider", "b").counter().count())
                .isEqualTo(2.0);
    }

    @Test
    void callOutsideARouterReportsToNobody() {
        assertThat(ProviderCallObserver.of(Context.empty())).isSameAs(ProviderCallObserver.NONE);
    }

    /** Reports {@code skipped} unparseable events to the call's observer, then goes on as {@code rest}. */
    private static ScriptedProvider.Step skipThen(int skipped, Flux<LlmChunk> rest) {
        return (p, r) -> Flux.deferContextual(context -> {
            for (int i = 0; i < skipped; i++) {
                ProviderCallObserver.of(context).malformedEventSkipped("a stream event is not valid JSON");
            }
            return rest;
        });
    }
}
