package io.relay4j.core.router.internal;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Usage;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.event.Operation;
import io.relay4j.core.internal.stream.AttemptTimeouts;
import io.relay4j.core.internal.stream.CommitGate;
import io.relay4j.core.internal.stream.ContinuationRequest;
import io.relay4j.core.internal.stream.FinishGuard;
import io.relay4j.core.internal.stream.OverlapTrimmer;
import io.relay4j.core.router.StreamConfig;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Routes one streaming request: like {@link GenerateExecution}, a lazily built chain of attempts within the
 * caller's single subscription, with {@link RequestState} taking every routing decision. What streams add:
 * <ul>
 *   <li>Each attempt runs behind a {@link CommitGate}. A failure before the commit point is invisible and is
 *       handled exactly as for a whole answer (retry in place, fall over, fail fast).</li>
 *   <li>A failure after it ends the stream with {@code StreamInterrupted} carrying the text the consumer
 *       has, or, with resume on and an error policy that does not fail fast, continues on the next provider
 *       from that text ({@link ContinuationRequest}), emitting only new text ({@link OverlapTrimmer}). A
 *       continuation that fails before adding text moves on to the next provider whatever its error: a
 *       rejected continuation is never the request's final error.</li>
 *   <li>Per attempt: first-token, idle and total deadlines ({@link AttemptTimeouts}) and no silent truncation
 *       ({@link FinishGuard}). The request deadline of whole answers does not apply: a stream's length is the
 *       caller's to bound, through the total timeout and the attempt budget.</li>
 * </ul>
 * The last chunk carries the serving provider and every attempt.
 */
public final class StreamExecution {

    private final StreamConfig config;
    private final LlmRequest request;
    private final RequestState state;
    /** The text the consumer has received from attempts that have ended. */
    private String delivered = "";
    /** The failure that last broke the stream after its commit point: the cause if no continuation succeeds. */
    private LlmException interruption;

    private StreamExecution(RouterCore core, LlmRequest request) {
        this.config = core.streaming();
        this.request = request;
        this.state = new RequestState(core, request, Operation.STREAM);
    }

    /** The routed stream; nothing happens until subscription, and each subscription routes anew. */
    public static Flux<LlmChunk> stream(RouterCore core, LlmRequest request) {
        return Flux.defer(() -> {
            StreamExecution execution = new StreamExecution(core, request);
            return execution.next().doFinally(signal -> {
                if (signal == SignalType.CANCEL) {
                    execution.state.callerCancelled();
                }
            });
        });
    }

    private Flux<LlmChunk> next() {
        boolean resuming = interruption != null;
        Call call = state.nextCall(resuming);
        if (call == null) {
            return Flux.error(resuming ? state.interrupted(delivered, interruption) : state.exhausted());
        }
        return attempt(call);
    }

    private Flux<LlmChunk> attempt(Call call) {
        boolean resuming = interruption != null;
        String name = call.slot().name();
        LlmRequest sent = resuming
                ? ContinuationRequest.build(request, delivered, call.slot().info().acceptsAssistantPrefill())
                : request;
        // a continuation's failure is invisible until it adds text, whatever the hold-back of first attempts
        CommitGate gate = resuming ? CommitGate.of(StreamConfig.DEFAULT) : CommitGate.of(config);
        Flux<LlmChunk> chunks = AttemptTimeouts.apply(
                FinishGuard.requireLastChunk(Flux.defer(() -> call.slot().provider().stream(sent)), name),
                name, config.timeoutsFor(name));
        chunks = chunks.doOnNext(chunk -> {
            if (!chunk.text().isEmpty()) {
                call.firstChunkAt(RouterClock.nanos());
            }
        });
        if (resuming) {
            chunks = OverlapTrimmer.trim(chunks, delivered);
        }
        return gate.apply(chunks)
                .map(chunk -> chunk.isLast() ? routed(call, chunk) : chunk)
                .doOnCancel(() -> state.cancelled(call))
                .onErrorResume(error -> call.isOpen() ? afterFailure(call, gate, error) : Flux.error(error));
    }

    /** The provider's last chunk as the router emits it: with the serving provider and every attempt. */
    private LlmChunk routed(Call call, LlmChunk last) {
        List<Attempt> attempts = state.succeeded(call, last.usage().orElse(Usage.NONE), last.model().orElse(""));
        return attempts.isEmpty() ? last : last.withRouting(call.slot().name(), attempts, Optional.empty());
    }

    private Flux<LlmChunk> afterFailure(Call call, CommitGate gate, Throwable error) {
        if (gate.committed()) {
            return afterCommittedFailure(call, gate, error);
        }
        FailureDecision decision = state.failed(call, error);
        switch (decision.next()) {
            case RETRY_IN_PLACE:
                state.waiting(decision.retryDelay());
                return Mono.delay(decision.retryDelay())
                        .thenMany(Flux.defer(() -> attempt(state.retryCall(call))));
            case FAIL_FAST:
                if (interruption != null) {
                    // the continuation was refused, not the answer: try the next provider
                    return next();
                }
                return Flux.error(state.failFast(call));
            default:
                return next();
        }
    }

    private Flux<LlmChunk> afterCommittedFailure(Call call, CommitGate gate, Throwable error) {
        delivered = delivered + gate.emittedText();
        FailureDecision decision = state.failedAfterCommit(call, error);
        interruption = call.error();
        if (!config.resume() || decision.next() == FailureDecision.Next.FAIL_FAST) {
            return Flux.error(state.interrupted(delivered, interruption));
        }
        return next();
    }
}
