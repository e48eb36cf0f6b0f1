package io.relay4j.core.internal.router;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.Usage;
import io.relay4j.core.error.LlmException;
import io.relay4j.core.event.Operation;
import io.relay4j.core.internal.TokenEstimate;
import io.relay4j.core.internal.hedging.HedgedRace;
import io.relay4j.core.internal.stream.AttemptTimeouts;
import io.relay4j.core.internal.stream.ChunkContent;
import io.relay4j.core.internal.stream.CommitGate;
import io.relay4j.core.internal.stream.ContinuationRequest;
import io.relay4j.core.internal.stream.FinishGuard;
import io.relay4j.core.internal.stream.OverlapTrimmer;
import io.relay4j.core.internal.stream.PartialText;
import io.relay4j.core.internal.stream.ResumedMessage;
import io.relay4j.core.internal.timer.Deadlines;
import io.relay4j.core.router.StreamConfig;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.util.context.ContextView;

/**
 * Routes one streaming request: like {@link GenerateExecution}, a lazily built chain of attempts within the
 * caller's single subscription, with {@link RequestState} taking every routing decision. What streams add:
 * <ul>
 *   <li>Each attempt runs behind a {@link CommitGate}. A failure before the commit point is invisible and is
 *       handled exactly as for a whole answer (retry in place, fall over, fail fast).</li>
 *   <li>A failure after it ends the stream with {@code StreamInterrupted} carrying the text the consumer
 *       has, or, with resume on and an error policy that does not fail fast, continues on the next provider
 *       from that text ({@link ContinuationRequest}), emitting only new text ({@link OverlapTrimmer}); never
 *       after a tool call (or a fragment of one) reached the consumer: that stream ends with
 *       {@code StreamInterrupted} saying so. A resumed stream's last chunk carries a message whose text is all
 *       the consumer received ({@link ResumedMessage}). A
 *       continuation that fails before adding text moves on to the next provider whatever its error: a
 *       rejected continuation is never the request's final error.</li>
 *   <li>Per attempt: first-token, idle (counted only while the consumer waits) and attempt deadlines
 *       ({@link AttemptTimeouts}, the provider's {@link AttemptDeadlines}) and no silent truncation
 *       ({@link FinishGuard}). Over the whole stream, retries, waits and resumes included, the request
 *       deadline: when it passes, the call in flight is cancelled and the stream ends with
 *       {@code Timeout(REQUEST)}.</li>
 *   <li>With hedging on, an attempt (not a continuation) races hedges to its commit point
 *       ({@link HedgedRace#firstToEmit} over gated calls, the delay planned from the provider's times to first
 *       token); the first call to commit (its first text or complete tool call, or argument fragment where the request asks
 *       for them) streams on alone, the
 *       others are cancelled, and nothing of theirs (reasoning, tool calls) reaches the consumer. Calls of one race end on
 *       different threads, so every step of the request runs under the state's monitor. A call that failed
 *       with a retry-in-place decision but that the race went on without is never retried: its provider's
 *       health hears of the failure as of a fall-over ({@link RequestState#leftRace}).</li>
 * </ul>
 * The last chunk carries the serving provider and every attempt.
 */
public final class StreamExecution {

    private final RouterCore core;
    private final StreamConfig config;
    private final LlmRequest request;
    private final RequestState state;
    /** The text the consumer has received from attempts that have ended, kept up to the configured cap. */
    private final PartialText delivered;
    /** The failure that last broke the stream after its commit point: the cause if no continuation succeeds. */
    private LlmException interruption;

    private StreamExecution(RouterCore core, LlmRequest request, ContextView callerContext) {
        this.core = core;
        this.config = core.streaming();
        this.request = request;
        this.delivered = new PartialText(config.maxPartialChars());
        // a stream's text reaches the consumer as it comes: no output validator could hold it back or fall over
        this.state = new RequestState(core, request, Operation.STREAM, Optional.empty(), callerContext);
    }

    /** The routed stream; nothing happens until subscription, and each subscription routes anew. */
    public static Flux<LlmChunk> stream(RouterCore core, LlmRequest request) {
        return Flux.deferContextual(callerContext -> {
            core.hedging().onRequest();
            StreamExecution execution = new StreamExecution(core, request, callerContext);
            return execution.withinRequestDeadline(execution.next()).doFinally(signal -> {
                if (signal == SignalType.CANCEL) {
                    execution.state.callerCancelled();
                }
            });
        });
    }

    private static final int RUNNING = 0;
    private static final int LAST_CHUNK = 1;
    private static final int DEADLINE = 2;

    /**
     * The stream bounded by the request deadline, timed from subscription. When it passes, the attempt in flight
     * (or the wait before a retry) is cancelled, and the stream fails with {@code Timeout(REQUEST)}. The last
     * chunk and the deadline claim the stream's end once: a deadline passing as the last chunk goes out changes
     * nothing, and a last chunk arriving after the deadline passed is dropped rather than followed by an error.
     */
    private Flux<LlmChunk> withinRequestDeadline(Flux<LlmChunk> routed) {
        AtomicInteger end = new AtomicInteger(RUNNING);
        Mono<Long> deadline = Deadlines.delay(core.timeouts().request())
                .filter(tick -> end.compareAndSet(RUNNING, DEADLINE))
                .switchIfEmpty(Mono.never());
        return routed.<LlmChunk>handle((chunk, sink) -> {
                    if (!chunk.isLast() || end.compareAndSet(RUNNING, LAST_CHUNK)) {
                        sink.next(chunk);
                    }
                })
                .takeUntilOther(deadline)
                .concatWith(Mono.defer(() -> end.get() == DEADLINE ? Mono.error(state.requestTimedOut())
                        : Mono.empty()));
    }

    private Flux<LlmChunk> next() {
        synchronized (state) {
            boolean resuming = interruption != null;
            Call call = state.nextCall(resuming);
            if (call == null) {
                return Flux.error(resuming ? state.interrupted(delivered, interruption) : state.exhausted());
            }
            return attempt(call);
        }
    }

    private Flux<LlmChunk> attempt(Call call) {
        return core.hedging().enabled() && interruption == null ? race(call) : single(call);
    }

    private Flux<LlmChunk> single(Call call) {
        CommitGate gate = newGate();
        return gated(call, gate)
                .doOnCancel(() -> state.cancelled(call))
                .onErrorResume(error -> {
                    if (!call.isOpen()) {
                        return Flux.error(error);
                    }
                    synchronized (state) {
                        return gate.committed() ? afterCommittedFailure(call, gate, error)
                                : afterFailure(call, state.failed(call, error));
                    }
                });
    }

    /** A continuation's failure is invisible until it adds text, whatever the hold-back of first attempts. */
    private CommitGate newGate() {
        return interruption != null ? CommitGate.continuation(config) : CommitGate.of(config);
    }

    /** One provider call behind its deadlines and its commit gate, its last chunk routed. */
    private Flux<LlmChunk> gated(Call call, CommitGate gate) {
        String name = call.slot().name();
        String continued = interruption == null ? "" : delivered.text();
        // the provider's own model when the request names an alias, for a continuation too
        LlmRequest sent = state.requestFor(call);
        if (interruption != null) {
            sent = ContinuationRequest.build(sent, continued, call.slot().info().acceptsAssistantPrefill());
            call.sent(TokenEstimate.promptTokens(sent));
        }
        LlmRequest toSend = sent;
        Flux<LlmChunk> chunks = AttemptTimeouts.apply(
                FinishGuard.requireLastChunk(Flux.defer(() -> call.slot().provider().stream(toSend))
                        .contextWrite(state.observing(call)), name),
                name, call.slot().deadlines());
        chunks = chunks.doOnNext(chunk -> {
            call.received(ChunkContent.outputChars(chunk));
            // the time to the first answer content (text or a tool call), what a hedged stream races to
            if (ChunkContent.commits(chunk) && call.firstChunkAt(RouterClock.nanos())) {
                call.timeToFirstChunk().ifPresent(core.stats().of(name)::recordTimeToFirstToken);
            }
        });
        if (interruption != null) {
            chunks = OverlapTrimmer.trim(chunks, continued);
        }
        // an invalid tool call fails the attempt before the gate could release it
        chunks = state.checkingToolCalls(call, chunks);
        return gate.apply(chunks, name).map(chunk -> chunk.isLast() ? routed(call, gate, continued, chunk) : chunk);
    }

    /**
     * The provider's last chunk as the router emits it: with the serving provider, every attempt and the cost, and
     * on a continuation the answer's message holding the whole text the consumer received.
     */
    private LlmChunk routed(Call call, CommitGate gate, String continued, LlmChunk last) {
        List<Attempt> attempts;
        synchronized (state) {
            attempts = state.succeeded(call, last.usage().orElse(Usage.NONE), last.model().orElse(""));
        }
        if (attempts.isEmpty()) {
            return last;
        }
        LlmChunk answer = continued.isEmpty() || last.message().isEmpty() ? last
                : last.toBuilder().message(ResumedMessage.of(last.message().get(), continued,
                        gate.emitted().length())).build();
        return answer.withRouting(call.slot().name(), attempts, Accounting.answerCost(attempts));
    }

    private Flux<LlmChunk> afterFailure(Call call, FailureDecision decision) {
        switch (decision.next()) {
            case RETRY_IN_PLACE:
                state.waiting(decision.retryDelay());
                return Deadlines.delay(decision.retryDelay()).thenMany(Flux.defer(() -> retry(call)));
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

    /** The same provider again; when its concurrency limit is reached meanwhile, the next one. */
    private Flux<LlmChunk> retry(Call failed) {
        synchronized (state) {
            Call retry = state.retryCall(failed);
            return retry == null ? next() : attempt(retry);
        }
    }

    /**
     * Ends the stream with {@code StreamInterrupted}, or resumes it when resume is on, the error's policy lets
     * the request go on, the delivered text is still kept whole (past the cap a continuation could not
     * say where to go on from) and no tool call reached the consumer (a continuation continues text only, and
     * could repeat a call the consumer may already run).
     */
    private Flux<LlmChunk> afterCommittedFailure(Call call, CommitGate gate, Throwable error) {
        synchronized (state) {
            delivered.append(gate.emitted());
            FailureDecision decision = state.failedAfterCommit(call, error);
            interruption = call.error();
            if (gate.toolCallsEmitted()) {
                // a continuation could repeat or contradict calls the consumer may already be running
                return Flux.error(state.interruptedAfterToolCalls(delivered, gate.emittedToolCalls(), interruption));
            }
            if (!config.resume() || decision.next() == FailureDecision.Next.FAIL_FAST || !delivered.whole()) {
                return Flux.error(state.interrupted(delivered, interruption));
            }
            state.resumingAfter(delivered.length());
            return next();
        }
    }

    // ---- hedged attempts ----

    private Flux<LlmChunk> race(Call primary) {
        HedgedRace.Plan plan = core.hedging().plan(core.stats().of(primary.slot().name()).timesToFirstToken());
        return HedgedRace.firstToEmit(lane(primary), this::nextHedge, plan,
                        HedgedRace.RaceListener.droppedTo(this::dropped))
                .onErrorResume(LaneFailed.class, failure -> {
                    synchronized (state) {
                        return failure.decision == null
                                ? afterCommittedFailure(failure.call, failure.gate, failure.getCause())
                                : afterFailure(failure.call, failure.decision);
                    }
                });
    }

    /**
     * A raced call that failed before its commit point while the race went on without it leaves its
     * provider: its health hears of it. A call that committed had won the race; its failure is dropped only
     * when it crossed the caller's cancel, and the call then ends as cancelled.
     */
    private void dropped(Throwable error) {
        if (error instanceof LaneFailed) {
            LaneFailed failure = (LaneFailed) error;
            synchronized (state) {
                if (failure.decision == null) {
                    state.cancelled(failure.call);
                } else {
                    state.leftRace(failure.call, failure.decision);
                }
            }
        }
    }

    private HedgedRace.Lane<LlmChunk> lane(Call call) {
        CommitGate gate = newGate();
        Flux<LlmChunk> chunks = gated(call, gate)
                .doOnCancel(() -> {
                    synchronized (state) {
                        state.cancelled(call);
                    }
                })
                .onErrorResume(error -> {
                    if (!call.isOpen()) {
                        return Flux.error(error);
                    }
                    if (gate.committed()) {
                        return Flux.error(new LaneFailed(call, gate, error, null));
                    }
                    synchronized (state) {
                        return Flux.error(new LaneFailed(call, gate, error, state.failed(call, error)));
                    }
                });
        return new HedgedRace.Lane<>(call.slot().name(), call.kind(), chunks);
    }

    private Optional<HedgedRace.Lane<LlmChunk>> nextHedge() {
        Call hedge;
        synchronized (state) {
            hedge = state.nextHedgeCall();
        }
        return Optional.ofNullable(hedge).map(this::lane);
    }

    /**
     * A raced call's failure, carried through the race to the step that handles it: with the decision taken
     * when it failed before its commit point, without one when it failed after (it had won the race).
     */
    private static final class LaneFailed extends RuntimeException {

        private final transient Call call;
        private final transient CommitGate gate;
        private final transient FailureDecision decision;

        LaneFailed(Call call, CommitGate gate, Throwable error, FailureDecision decision) {
            super(null, error, false, false);
            this.call = call;
            this.gate = gate;
            this.decision = decision;
        }
    }
}
