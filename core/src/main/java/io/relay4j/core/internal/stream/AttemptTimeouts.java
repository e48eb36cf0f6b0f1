package io.relay4j.core.internal.stream;

import io.relay4j.core.LlmChunk;
import io.relay4j.core.error.ErrorDetails;
import io.relay4j.core.error.Timeout;
import io.relay4j.core.internal.router.AttemptDeadlines;
import io.relay4j.core.internal.timer.Deadlines;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;
import reactor.core.scheduler.Schedulers;

/**
 * The three deadlines of one streaming attempt: first token, idle between chunks, the attempt as a whole;
 * the one operator that applies stream deadlines (the provider applies none of its own). A passed deadline
 * cancels the provider's stream and fails with {@link Timeout} of the matching kind ({@code FIRST_TOKEN},
 * {@code IDLE}, {@code ATTEMPT}), naming the provider. Timers run where {@link Deadlines} puts them: a timer
 * wheel, or {@link Schedulers#parallel()} when that was replaced (virtual time in tests).
 *
 * <p>The first token is the first sign of progress ({@link ChunkContent#isProgress}): text, a reasoning delta, a
 * tool call or a fragment of one, or the end; a chunk with none of them (a role or keep-alive chunk) is no first
 * token, so a provider that only keeps its connection alive still times out. A reasoning model thinking aloud
 * before it answers is not stalled. The idle deadline
 * counts only after the first token and only while the consumer has asked for more and waits: a slow consumer
 * that has requested nothing never makes a provider look stalled, however long it pauses, and asking again
 * starts a fresh count.
 */
public final class AttemptTimeouts extends FluxOperator<LlmChunk, LlmChunk> {

    private final String provider;
    private final AttemptDeadlines timeouts;

    private AttemptTimeouts(Flux<LlmChunk> source, String provider, AttemptDeadlines timeouts) {
        super(source);
        this.provider = Objects.requireNonNull(provider, "provider");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    }

    /** The provider's stream with the deadlines applied. */
    public static Flux<LlmChunk> apply(Flux<LlmChunk> providerStream, String provider,
                                       AttemptDeadlines timeouts) {
        return new AttemptTimeouts(providerStream, provider, timeouts);
    }

    @Override
    public void subscribe(CoreSubscriber<? super LlmChunk> actual) {
        source.subscribe(new TimedSubscriber(actual, provider, timeouts, Deadlines.current()));
    }

    private static final class TimedSubscriber implements CoreSubscriber<LlmChunk>, Subscription {
        private static final long NOT_COUNTING = Long.MIN_VALUE;
        private final CoreSubscriber<LlmChunk> actual;
        private final String provider;
        private final AttemptDeadlines timeouts;
        /** The idle limit in nanoseconds, converted once: every chunk and every request re-arms against it. */
        private final long idleNanos;
        private final Deadlines.Timer scheduler;
        private final Disposable.Composite timers = Disposables.composite();
        private final Disposable.Swap idleTimer = Disposables.swap();
        private final AtomicBoolean terminated = new AtomicBoolean();
        /** Chunks requested by the consumer and not yet delivered; Long.MAX_VALUE means unbounded. */
        private final AtomicLong outstanding = new AtomicLong();
        /**
         * When the current idle period began (timer clock), or {@link #NOT_COUNTING} while the consumer has
         * asked for nothing or no token came yet. A chunk only moves this mark; the idle timer, armed at most
         * once at a time, re-arms itself for the rest of the period when it finds the mark moved.
         */
        private volatile long idleSince = NOT_COUNTING;
        private final AtomicBoolean idleArmed = new AtomicBoolean();
        private Disposable firstTokenTimer = Disposables.disposed();
        private volatile boolean firstTokenSeen;
        private Subscription upstream;

        TimedSubscriber(CoreSubscriber<? super LlmChunk> actual, String provider, AttemptDeadlines timeouts,
                        Deadlines.Timer scheduler) {
            // timers and the provider signal on different threads: serialise what reaches the consumer
            this.actual = Operators.serialize(actual);
            this.provider = provider;
            this.timeouts = timeouts;
            this.idleNanos = Deadlines.nanos(timeouts.idle());
            this.scheduler = scheduler;
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                timers.add(idleTimer);
                firstTokenTimer = schedule(Timeout.Kind.FIRST_TOKEN, timeouts.firstToken());
                timers.add(firstTokenTimer);
                timers.add(schedule(Timeout.Kind.ATTEMPT, timeouts.attempt()));
                actual.onSubscribe(this);
            }
        }

        @Override
        public void onNext(LlmChunk chunk) {
            if (terminated.get()) {
                Operators.onNextDropped(chunk, actual.currentContext());
                return;
            }
            outstanding.getAndUpdate(n -> n == Long.MAX_VALUE || n == 0 ? n : n - 1);
            if (!firstTokenSeen && ChunkContent.isProgress(chunk)) {
                firstTokenSeen = true;
                // dropped, not only disposed: an open stream should not keep a spent timer (and its task) for its life
                timers.remove(firstTokenTimer);
                firstTokenTimer.dispose();
                firstTokenTimer = Disposables.disposed();
            }
            if (firstTokenSeen) {
                // the consumer's demand as this chunk leaves: a request made while it is delivered restarts the count itself
                idleSince = outstanding.get() > 0 ? scheduler.nanos() : NOT_COUNTING;
            }
            actual.onNext(chunk);
            if (firstTokenSeen) {
                if (idleSince == NOT_COUNTING && outstanding.get() > 0) {
                    // a request raced the mark above
                    idleSince = scheduler.nanos();
                }
                if (idleSince != NOT_COUNTING) {
                    armIdle(idleNanos);
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            if (terminated.compareAndSet(false, true)) {
                timers.dispose();
                actual.onError(t);
            } else {
                Operators.onErrorDropped(t, actual.currentContext());
            }
        }

        @Override
        public void onComplete() {
            if (terminated.compareAndSet(false, true)) {
                timers.dispose();
                actual.onComplete();
            }
        }

        @Override
        public void request(long n) {
            if (Operators.validate(n)) {
                long before = outstanding.getAndUpdate(current -> Operators.addCap(current, n));
                if (before == 0 && firstTokenSeen) {
                    idleSince = scheduler.nanos();
                    armIdle(idleNanos);
                }
                upstream.request(n);
            }
        }

        @Override
        public void cancel() {
            if (terminated.compareAndSet(false, true)) {
                timers.dispose();
            }
            upstream.cancel();
        }

        /** Arms the idle timer unless it is armed already (it then re-arms itself as far as needed). */
        private void armIdle(long delayNanos) {
            if (idleArmed.compareAndSet(false, true)) {
                idleTimer.update(scheduler.schedule(this::idleTimerDue, delayNanos, TimeUnit.NANOSECONDS));
            }
        }

        private void idleTimerDue() {
            idleArmed.set(false);
            long since = idleSince;
            if (since == NOT_COUNTING) {
                return;
            }
            long left = since + idleNanos - scheduler.nanos();
            if (left <= 0) {
                expire(Timeout.Kind.IDLE);
            } else {
                armIdle(left);
            }
        }

        private Disposable schedule(Timeout.Kind kind, Duration after) {
            return scheduler.schedule(() -> expire(kind), Deadlines.nanos(after), TimeUnit.NANOSECONDS);
        }

        private void expire(Timeout.Kind kind) {
            if (terminated.compareAndSet(false, true)) {
                timers.dispose();
                upstream.cancel();
                actual.onError(new Timeout(describe(kind), ErrorDetails.of(provider), kind));
            }
        }

        private String describe(Timeout.Kind kind) {
            return switch (kind) {
                case FIRST_TOKEN -> "no first token within " + timeouts.firstToken().toMillis() + " ms";
                case IDLE -> "stream silent for " + timeouts.idle().toMillis() + " ms";
                default -> "stream not finished within the attempt deadline of " + timeouts.attempt().toMillis() + " ms";
            };
        }
    }
}
