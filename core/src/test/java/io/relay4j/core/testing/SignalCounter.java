package io.relay4j.core.testing;

import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * A subscriber for concurrency tests: requests everything, counts every signal it receives (and every element
 * discarded upstream through its context's discard hook), keeps the last value and error, and can cancel from
 * any thread.
 */
public final class SignalCounter<T> implements CoreSubscriber<T> {

    private final AtomicInteger values = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger completions = new AtomicInteger();
    private final AtomicInteger discarded = new AtomicInteger();
    private final Context context = Operators.enableOnDiscard(Context.empty(), v -> discarded.incrementAndGet());
    private volatile T value;
    private volatile Throwable error;
    private volatile Subscription subscription;

    @Override
    public Context currentContext() {
        return context;
    }

    @Override
    public void onSubscribe(Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(T v) {
        value = v;
        values.incrementAndGet();
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        errors.incrementAndGet();
    }

    @Override
    public void onComplete() {
        completions.incrementAndGet();
    }

    public void cancel() {
        subscription.cancel();
    }

    public int values() {
        return values.get();
    }

    public int errors() {
        return errors.get();
    }

    public int completions() {
        return completions.get();
    }

    /** Completions and errors together. */
    public int terminals() {
        return errors.get() + completions.get();
    }

    /** Elements dropped upstream through this subscriber's discard hook. */
    public int discarded() {
        return discarded.get();
    }

    /** The last value received, or null. */
    public T value() {
        return value;
    }

    /** The error received, or null. */
    public Throwable error() {
        return error;
    }
}
