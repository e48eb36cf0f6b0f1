package io.relay4j.core;

import static io.relay4j.core.RouterTestKit.PROMPT;
import static io.relay4j.core.RouterTestKit.REQUEST;
import static io.relay4j.core.RouterTestKit.routerOf;
import static io.relay4j.core.testing.ScriptedProvider.answerAfter;
import static io.relay4j.core.testing.ScriptedProvider.failAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.core.Attempt.Outcome;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.event.Operation;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.health.EjectionReason;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.test.StepVerifier;

/** What listeners and the default log see of a request that falls over. */
@BothRoutingPaths
class LlmRouterEventsTest extends VirtualTimeScenario {

    private final ScriptedProvider a = ScriptedProvider.named("a");
    private final ScriptedProvider b = ScriptedProvider.named("b");
    private final RouterTestKit.Recorder events = new RouterTestKit.Recorder();
    private final Logger routerLog = (Logger) LoggerFactory.getLogger("io.relay4j.router");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        routerLog.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        routerLog.detachAppender(logged);
    }

    @Test
    void fallbackEmitsEveryEventInOrder() {
        a.then(failAfter(Duration.ofSeconds(1), Errors.banned()));
        b.then(answerAfter(Duration.ofSeconds(2), "hi"));
        LlmRouter router = routerOf(a, b).listener(events).build();

        StepVerifier.create(router.generate(REQUEST))
                .then(() -> vts.advanceTimeBy(Duration.ofSeconds(3)))
                .expectNextCount(1)
                .verifyComplete();

        assertThat(events.events).extracting(e -> e.getClass().getSimpleName()).containsExactly(
                "RequestStarted", "AttemptStarted", "AttemptFinished", "StateTransition", "ProviderEjected", "Fallback",
                "AttemptStarted",
                "AttemptFinished", "RequestFinished");
        RouterEvent.RequestStarted started = events.of(RouterEvent.RequestStarted.class).get(0);
        assertThat(started.operation()).isEqualTo(Operation.GENERATE);
        assertThat(events.of(RouterEvent.AttemptStarted.class))
                .extracting(RouterEvent.AttemptStarted::provider, RouterEvent.AttemptStarted::kind)
                .containsExactly(tuple("a", Attempt.Kind.PRIMARY), tuple("b", Attempt.Kind.FALLBACK));
        assertThat(events.of(RouterEvent.AttemptFinished.class))
                .extracting(e -> e.attempt().provider(), e -> e.attempt().outcome(), RouterEvent.AttemptFinished::responseModel)
                .containsExactly(tuple("a", Outcome.FAILED, Optional.empty()),
                        tuple("b", Outcome.SUCCESS, Optional.of("scripted-model")));
        assertThat(events.of(RouterEvent.StateTransition.class)).singleElement().satisfies(t -> {
            assertThat(t.provider()).isEqualTo("a");
            assertThat(t.from()).isEqualTo(HealthState.HEALTHY);
            assertThat(t.to()).isEqualTo(HealthState.COOLING_DOWN);
            assertThat(t.cooldown()).contains(Duration.ofMinutes(10));
            assertThat(t.cause()).contains(ErrorType.POLICY_VIOLATION);
        });
        assertThat(events.of(RouterEvent.ProviderEjected.class)).singleElement().satisfies(e -> {
            assertThat(e.provider()).isEqualTo("a");
            assertThat(e.from()).isEqualTo(HealthState.HEALTHY);
            assertThat(e.reason()).isEqualTo(EjectionReason.IMMEDIATE);
            assertThat(e.cause()).contains(ErrorType.POLICY_VIOLATION);
            assertThat(e.cooldown()).isEqualTo(Duration.ofMinutes(10));
        });
        assertThat(events.of(RouterEvent.Fallback.class)).singleElement().satisfies(f -> {
            assertThat(f.from()).isEqualTo("a");
            assertThat(f.to()).isEqualTo("b");
            assertThat(f.reason()).isEqualTo("policy_violation");
            assertThat(f.requestId()).isEqualTo(started.requestId());
        });
        RouterEvent.RequestFinished finished = events.of(RouterEvent.RequestFinished.class).get(0);
        assertThat(finished.servedBy()).contains("b");
        assertThat(finished.errorType()).isEmpty();
        assertThat(finished.total()).isEqualTo(Duration.ofSeconds(3));
        assertThat(finished.overhead()).as("no virtual time passes outside provider calls").isZero();
        assertThat(finished.attempts()).hasSize(2);
    }

    @Test
    void aThrowingListenerIsIgnoredAndTheOthersStillHearEverything() {
        a.then(failAfter(Duration.ZERO, Errors.banned()));
        LlmRouter router = routerOf(a, b)
                .listener(event -> {
                    throw new IllegalStateException("broken listener");
                })
                .listener(events)
                .build();

        StepVerifier.create(router.generate(REQUEST))
                .assertNext(answer -> assertThat(answer.provider()).isEqualTo("b"))
                .verifyComplete();
        assertThat(events.of(RouterEvent.RequestFinished.class)).hasSize(1);
        assertThat(events.events).hasSize(9);
    }

    @Test
    void defaultLogTellsOfFallbacksAtWarnAndTransitionsAtInfoWithoutContent() {
        a.then(failAfter(Duration.ZERO, Errors.banned()));
        LlmRouter router = routerOf(a, b).build();

        StepVerifier.create(router.generate(REQUEST)).expectNextCount(1).verifyComplete();

        assertThat(logged.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        tuple(Level.INFO, "provider a HEALTHY -> COOLING_DOWN for 600000 ms after policy_violation, ejected: immediate"),
                        tuple(Level.WARN, "request 1 falls over from provider a to b: policy_violation"));
        assertThat(logged.list).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(PROMPT));
    }

    @Test
    void meterRegistryGetsTheRoutersMeters() {
        a.then(failAfter(Duration.ZERO, Errors.banned()));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LlmRouter router = routerOf(a, b).meterRegistry(registry).build();

        StepVerifier.create(router.generate(REQUEST)).expectNextCount(1).verifyComplete();

        assertThat(registry.find("gen_ai.client.operation.duration").timers()).isNotEmpty();
        assertThat(registry.find("relay4j.attempts").tag("outcome", "failed").counter()).isNotNull()
                .satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
    }

    @Test
    void defaultLogCanBeTurnedOff() {
        a.then(failAfter(Duration.ZERO, Errors.banned()));
        LlmRouter router = routerOf(a, b).logging(false).build();

        StepVerifier.create(router.generate(REQUEST)).expectNextCount(1).verifyComplete();

        assertThat(logged.list).isEmpty();
    }
}
