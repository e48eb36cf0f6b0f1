package io.relay4j.core.internal.stream;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.testing.DueAtOnceScheduler;
import io.relay4j.core.testing.Tck;
import java.time.Duration;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import reactor.core.publisher.Flux;

/**
 * The Reactive Streams TCK's publisher rules against a commit gate that holds back for time: its hold-back
 * timer is armed by the first token and, on a {@link DueAtOnceScheduler}, fires as it is armed, inside the
 * gate's own drain, so the commit decided by the timer (and the timer's disposal) is what the TCK checks.
 * The failed publisher fails before the first token: the timer is never armed and the gate fails.
 */
public class CommitGateHoldBackTimeTckTest extends PublisherVerification<LlmChunk> {

    public CommitGateHoldBackTimeTckTest() {
        super(Tck.environment());
    }

    @BeforeClass
    public void timersAreDueAtOnce() {
        DueAtOnceScheduler.install();
    }

    @AfterClass(alwaysRun = true)
    public void restoreSchedulers() {
        DueAtOnceScheduler.uninstall();
    }

    @Override
    public Publisher<LlmChunk> createPublisher(long elements) {
        return CommitGateTckTest.gated(CommitGate.of(0, Duration.ofSeconds(1)), CommitGateTckTest.chunks(elements));
    }

    @Override
    public Publisher<LlmChunk> createFailedPublisher() {
        return CommitGateTckTest.gated(CommitGate.of(0, Duration.ofSeconds(1)),
                Flux.error(new IllegalStateException("stream broke")));
    }

    /** One less than unbounded: the TCK then also runs its rules that need the gate to complete. */
    @Override
    public long maxElementsFromPublisher() {
        return Long.MAX_VALUE - 1;
    }
}
