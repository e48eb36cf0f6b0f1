package io.relay4j.streaming.internal;

import java.util.AbstractList;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import io.relay4j.core.testing.Tck;

/**
 * The Reactive Streams TCK's publisher rules against {@link ListFlux}'s own subscription: every element and
 * the completion come from its drain loop. The list is a view computing its elements, so the TCK's long
 * streams cost no memory.
 */
public class ListFluxTckTest extends PublisherVerification<Long> {

    public ListFluxTckTest() {
        super(Tck.environment());
    }

    @Override
    public Publisher<Long> createPublisher(long elements) {
        // ListFlux.of(empty) is Flux.empty() by design: for 0 elements the TCK checks what callers really get
        return ListFlux.of(new CountingList((int) elements));
    }

    /** A list cannot fail: the TCK's error-publisher rules do not apply. */
    @Override
    public Publisher<Long> createFailedPublisher() {
        return null;
    }

    /** A list holds at most {@code Integer.MAX_VALUE} elements. */
    @Override
    public long maxElementsFromPublisher() {
        return Integer.MAX_VALUE;
    }

    /** 0, 1, 2, ... computed on access, so a list of two billion elements takes no memory. */
    private static final class CountingList extends AbstractList<Long> {
        private final int size;

        CountingList(int size) {
            this.size = size;
        }

        @Override
        public Long get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException(index);
            }
            return (long) index;
        }

        @Override
        public int size() {
            return size;
        }
    }
}
