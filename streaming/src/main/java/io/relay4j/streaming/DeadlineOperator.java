package io.relay4j.streaming;

import io.relay4j.core.error.Timeout;
import io.relay4j.core.internal.timer.Deadlines;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * {@link StreamTimeouts}' operator: one timer per subscription, armed for the nearest deadline. An element only
 * moves a mark; when the timer is due it re-arms itself for what is left, so a steady stream costs no timer per
 * element. Timers run where {@link Deadlines} puts them (a timer wheel, or the replaced parallel scheduler under
 * virtual time, which then fires them at the exact deadline).
 */
final class DeadlineOperator<T> extends FluxOperator<T, T> {

    private final Predicate<? super T> countsAsToken;
    private final Optional<Duration> firstToken;
    private final Optional<Duration> idle;
    private final Optional<Duration> total;
    private final Function<Timeout.Kind, Timeout> timeout;

    DeadlineOperator(Flux<T> source, Predicate<? super T> countsAsToken, Optional<Duration> firstToken,
                     Optional<Duration> idle, Optional<Duration> total, Function<Timeout.Kind, Timeout> timeout) {
        super(source);
        this.countsAsToken = countsAsToken;
        this.firstToken = firstToken;
        this.idle = idle;
        this.total = total;
        this.timeout = timeout;
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        source.subscribe(new DeadlineSubscriber<>(actual, this, Deadlines.current()));
    }

    /** {@code nanos + timeout}, saturating: a timeout of years must not wrap around into the past. */
    static long after(long nanos, Duration timeout) {
        long timeoutNanos = timeout.compareTo(Duration.ofDays(365 * 100)) > 0 ? Long.MAX_VALUE : timeout.toNanos();
        long sum = nanos + timeoutNanos;
        return ((nanos ^ sum) & (timeoutNanos ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static final class DeadlineSubscriber<T> implements CoreSubscriber<T>, Subscription {
        private static final long NOT_ARMED = Long.MAX_VALUE;
        private final CoreSubscriber<? super T> actual;
        private final DeadlineOperator<T> config;
        private final Deadlines.Timer clock;
        private final long startNanos;
        private final Disposable.Swap timer = Disposables.swap();
        private final AtomicBoolean terminated = new AtomicBoolean();
        /** Serialises the arm-or-expire decision between the element path and the timer. */
        private final AtomicInteger wip = new AtomicInteger();
        private volatile long lastElementNanos;
        private volatile boolean tokenSeen;
        private volatile boolean timerDue;
        /** The deadline the armed timer stands for; only touched inside the serialised decision. */
        private long armedFor = NOT_ARMED;
        private Subscription upstream;

        DeadlineSubscriber(CoreSubscriber<? super T> actual, DeadlineOperator<T> config, Deadlines.Timer clock) {
            // the timer and the upstream signal on different threads: serialise what reaches the consumer
            this.actual = Operators.serialize(actual);
            this.config = config;
            this.clock = clock;
            this.startNanos = clock.nanos();
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                actual.onSubscribe(this);
                reconsider();
            }
        }

        @Override
        public void onNext(T element) {
            if (terminated.get()) {
                Operators.onNextDropped(element, actual.currentContext());
                return;
            }
            lastElementNanos = clock.nanos();
            boolean firstToken = !tokenSeen && config.countsAsToken.test(element);
            if (firstToken) {
                tokenSeen = true;
            }
            actual.onNext(element);
            if (firstToken) {
                // the idle deadline may now come before the first-token one the timer is armed for
                reconsider();
            }
        }

        @Override
        public void onError(Throwable t) {
            if (terminated.compareAndSet(false, true)) {
                timer.dispose();
                actual.onError(t);
            } else {
                Operators.onErrorDropped(t, actual.currentContext());
            }
        }

        @Override
        public void onComplete() {
            if (terminated.compareAndSet(false, true)) {
                timer.dispose();
                actual.onComplete();
            }
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            if (terminated.compareAndSet(false, true)) {
                timer.dispose();
            }
            upstream.cancel();
        }

        private void timerDue() {
            timerDue = true;
            reconsider();
        }

        /** Expires a passed deadline, or arms the timer when it is not armed for the nearest one. */
        private void reconsider() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                if (!terminated.get()) {
                    decide();
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }

        private void decide() {
            Timeout.Kind kind = null;
            long deadline = Long.MAX_VALUE;
            if (!tokenSeen && config.firstToken.isPresent()) {
                kind = Timeout.Kind.FIRST_TOKEN;
                deadline = after(startNanos, config.firstToken.get());
            } else if (tokenSeen && config.idle.isPresent()) {
                kind = Timeout.Kind.IDLE;
                deadline = after(lastElementNanos, config.idle.get());
            }
            if (config.total.isPresent() && after(startNanos, config.total.get()) <= deadline) {
                kind = Timeout.Kind.TOTAL;
                deadline = after(startNanos, config.total.get());
            }
            boolean due = timerDue;
            timerDue = false;
            if (kind == null || deadline == Long.MAX_VALUE) {
                armedFor = NOT_ARMED;
                timer.update(Disposables.disposed());
                return;
            }
            long left = deadline - clock.nanos();
            if (left <= 0) {
                expire(kind);
            } else if (due || deadline < armedFor) {
                armedFor = deadline;
                timer.update(clock.schedule(this::timerDue, left, TimeUnit.NANOSECONDS));
            }
        }

        private void expire(Timeout.Kind kind) {
            if (terminated.compareAndSet(false, true)) {
                timer.dispose();
                upstream.cancel();
                actual.onError(config.timeout.apply(kind));
            }
        }
    }
}
