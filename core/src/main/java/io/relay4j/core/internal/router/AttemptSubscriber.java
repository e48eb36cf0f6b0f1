package io.relay4j.core.internal.router;

import io.relay4j.core.LlmResponse;
import io.relay4j.core.spi.ProviderCallObserver;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * One provider call of an {@link UnhedgedGenerate}: subscribes to the provider's answer under the call's
 * observer context and its attempt deadline, and reports exactly one outcome to the request, whichever of
 * answer, error, empty completion, deadline and cancellation comes first (they may race on different
 * threads). The deadline is the task this object runs when it fires. What it replaces, per call:
 * {@code defer}, {@code contextWrite}, {@code timeout}, {@code switchIfEmpty} and {@code doOnCancel}.
 */
final class AttemptSubscriber implements CoreSubscriber<LlmResponse>, Runnable {

    private static final AtomicIntegerFieldUpdater<AttemptSubscriber> DONE =
            AtomicIntegerFieldUpdater.newUpdater(AttemptSubscriber.class, "done");
    private static final AtomicReferenceFieldUpdater<AttemptSubscriber, Subscription> UPSTREAM =
            AtomicReferenceFieldUpdater.newUpdater(AttemptSubscriber.class, Subscription.class, "upstream");

    /** What a timer field holds before its timer is armed: one shared instance, since each {@code disposed()} allocates. */
    private static final Disposable NO_TIMER = Disposables.disposed();

    final Call call;
    private final UnhedgedGenerate.Routing request;
    private final Context context;
    private volatile int done;
    private volatile Subscription upstream;
    private volatile Disposable deadline = NO_TIMER;

    AttemptSubscriber(UnhedgedGenerate.Routing request, Call call, ProviderCallObserver observer, Context downstream) {
        this.request = request;
        this.call = call;
        this.context = downstream.put(ProviderCallObserver.class, observer);
    }

    void deadline(Disposable deadline) {
        this.deadline = deadline;
    }

    @Override
    public Context currentContext() {
        return context;
    }

    @Override
    public void onSubscribe(Subscription s) {
        if (Operators.setOnce(UPSTREAM, this, s)) {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(LlmResponse response) {
        if (claim()) {
            deadline.dispose();
            request.answered(this, response);
        } else {
            Operators.onNextDropped(response, context);
        }
    }

    @Override
    public void onError(Throwable error) {
        if (claim()) {
            deadline.dispose();
            request.failed(this, error);
        } else {
            Operators.onErrorDropped(error, context);
        }
    }

    @Override
    public void onComplete() {
        if (claim()) {
            deadline.dispose();
            request.failed(this, request.state().emptyAnswer(call));
        }
    }

    /** The attempt deadline passed: the provider call is cancelled and fails as a timeout. */
    @Override
    public void run() {
        if (claim()) {
            Operators.terminate(UPSTREAM, this);
            request.failed(this, request.state().attemptTimedOut(call));
        }
    }

    /**
     * The request no longer wants this call (the caller cancelled or the request deadline passed). True when
     * this cancelled it; false when the call's outcome was claimed first (an answer, an error, its deadline),
     * whose handling records the call.
     */
    boolean cancel() {
        if (claim()) {
            deadline.dispose();
            Operators.terminate(UPSTREAM, this);
            return true;
        }
        return false;
    }

    private boolean claim() {
        return done == 0 && DONE.compareAndSet(this, 0, 1);
    }
}
