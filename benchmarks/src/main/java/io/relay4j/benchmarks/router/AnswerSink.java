package io.relay4j.benchmarks.router;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * Subscribes to a {@link Mono} and returns its value, the same way for every benchmarked path so that only the
 * path differs. A synchronous answer is returned without any waiting (the common case measured here); an
 * answer that arrives on another thread is waited for on a latch, so such a path is measured honestly rather
 * than skipped.
 */
final class AnswerSink<T> implements CoreSubscriber<T> {

    private T value;
    private Throwable error;
    private volatile boolean done;
    private CountDownLatch latch;

    static <T> T await(Mono<T> mono) {
        AnswerSink<T> sink = new AnswerSink<>();
        mono.subscribe(sink);
        return sink.result();
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        subscription.request(1);
    }

    @Override
    public void onNext(T next) {
        value = next;
    }

    @Override
    public void onError(Throwable failure) {
        error = failure;
        finish();
    }

    @Override
    public void onComplete() {
        finish();
    }

    private void finish() {
        CountDownLatch waiting;
        synchronized (this) {
            done = true;
            waiting = latch;
        }
        if (waiting != null) {
            waiting.countDown();
        }
    }

    private T result() {
        if (!done) {
            CountDownLatch waiting;
            synchronized (this) {
                if (!done) {
                    latch = new CountDownLatch(1);
                }
                waiting = latch;
            }
            awaitQuietly(waiting);
        }
        if (error != null) {
            throw new IllegalStateException("the benchmarked call failed", error);
        }
        if (value == null) {
            throw new IllegalStateException("the benchmarked call completed without an answer");
        }
        return value;
    }

    private static void awaitQuietly(CountDownLatch waiting) {
        if (waiting == null) {
            return;
        }
        try {
            if (!waiting.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no answer within 10 s");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an answer", interrupted);
        }
    }
}
