package io.relay4j.streaming.internal;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * A list's elements, emitted on demand, completing right after the last one. Unlike {@code Flux.fromIterable},
 * the subscription lets go of the list once it completed or was cancelled: {@code concatMap} keeps its last inner
 * subscription until the next inner arrives, which on an open stream would keep the last parsed event (and its
 * text) alive for as long as the stream is silent. Meant as the inner publisher of such a flatten.
 */
public final class ListFlux<T> extends Flux<T> {

    private final List<? extends T> items;

    private ListFlux(List<? extends T> items) {
        this.items = items;
    }

    /** The elements of {@code items}, which must not change while subscribed; an empty list completes at once. */
    public static <T> Flux<T> of(List<? extends T> items) {
        Objects.requireNonNull(items, "items must not be null");
        return items.isEmpty() ? Flux.empty() : new ListFlux<>(items);
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        actual.onSubscribe(new ListSubscription<>(actual, items));
    }

    private static final class ListSubscription<T> implements Subscription {
        @SuppressWarnings("rawtypes")
        private static final AtomicLongFieldUpdater<ListSubscription> REQUESTED =
                AtomicLongFieldUpdater.newUpdater(ListSubscription.class, "requested");
        private final CoreSubscriber<? super T> actual;
        /** Null once the last element went out or the subscriber cancelled. */
        private volatile List<? extends T> items;
        /** The next element's index; touched only by whoever drains (serialised by {@link #requested}). */
        private int index;
        private volatile long requested;
        private volatile boolean cancelled;

        ListSubscription(CoreSubscriber<? super T> actual, List<? extends T> items) {
            this.actual = actual;
            this.items = items;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void request(long n) {
            if (Operators.validate(n) && Operators.addCap(REQUESTED, this, n) == 0) {
                drain(n);
            }
        }

        @SuppressWarnings("unchecked")
        private void drain(long demand) {
            List<? extends T> list = items;
            if (list == null) {
                return;
            }
            int size = list.size();
            long wanted = demand;
            long sent = 0;
            for (;;) {
                while (sent != wanted) {
                    if (cancelled) {
                        return;
                    }
                    T item = list.get(index++);
                    if (index == size) {
                        items = null;
                        actual.onNext(item);
                        if (!cancelled) {
                            actual.onComplete();
                        }
                        return;
                    }
                    actual.onNext(item);
                    sent++;
                }
                wanted = requested;
                if (wanted == sent) {
                    wanted = REQUESTED.addAndGet(this, -sent);
                    if (wanted == 0) {
                        return;
                    }
                    sent = 0;
                }
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            items = null;
        }
    }
}
