package io.relay4j.core.internal.router;

import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import io.relay4j.core.testing.Tck;
import java.util.List;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.testng.SkipException;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The Reactive Streams TCK's publisher rules against {@link UnhedgedGenerate}, the hand-written whole-answer
 * operator, as {@link LlmRouter#generate} returns it with hedging off. Its element is the routed answer: the
 * first provider fails in a way that falls over without touching its health, the second answers, so each
 * subscription routes, fails over and answers inside the operator. The failed publisher is a request that every
 * provider fails: the operator's own exhaustion error. Request and attempt deadlines are armed on virtual time
 * that nobody advances, so they never fire and each answer disposes of them.
 */
public class UnhedgedGenerateTckTest extends PublisherVerification<LlmResponse> {

    private static final LlmRequest REQUEST = LlmRequest.of("hi");

    public UnhedgedGenerateTckTest() {
        super(Tck.environment());
    }

    @BeforeClass
    public void installVirtualTime() {
        VirtualTimeScheduler.getOrSet();
    }

    @AfterClass(alwaysRun = true)
    public void restoreRealTime() {
        VirtualTimeScheduler.reset();
    }

    /** A routed request answers once: {@link #maxElementsFromPublisher()} is 1. */
    @Override
    public Publisher<LlmResponse> createPublisher(long elements) {
        // 0 elements: no such request exists (see optional_spec105 below); the TCK uses it only for rules
        // about subscribing, which the one-answer request serves as well
        ScriptedProvider fallsOver = ScriptedProvider.named("falls-over").otherwise(ScriptedProvider.fail(Errors.contextTooLong()));
        return unhedged(fallsOver, ScriptedProvider.named("answers"));
    }

    @Override
    public Publisher<LlmResponse> createFailedPublisher() {
        return unhedged(ScriptedProvider.named("first").otherwise(ScriptedProvider.fail(Errors.contextTooLong())),
                ScriptedProvider.named("second").otherwise(ScriptedProvider.fail(Errors.contextTooLong())));
    }

    /** A Mono: one answer, or an error. */
    @Override
    public long maxElementsFromPublisher() {
        return 1;
    }

    /** The rule is optional, and a routed request never completes empty: an empty answer fails its attempt. */
    @Override
    public void optional_spec105_emptyStreamMustTerminateBySignallingOnComplete() {
        throw new SkipException("a routed request never completes without an answer: an empty answer is a failure");
    }

    private static Publisher<LlmResponse> unhedged(ScriptedProvider... providers) {
        Publisher<LlmResponse> generate = LlmRouter.builder().providers(List.of(providers)).logging(false).build().generate(REQUEST);
        if (!(generate instanceof UnhedgedGenerate)) {
            throw new IllegalStateException("the router no longer returns UnhedgedGenerate: " + generate.getClass());
        }
        return generate;
    }
}
