package io.relay4j.streaming.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** Emission on demand, completion right after the last element, and letting go of the list. */
class ListFluxTest {

    @Test
    void elementsGoOutOnlyAsRequestedAndTheLastOneCompletesAtOnce() {
        StepVerifier.create(ListFlux.of(List.of("a", "b", "c")), 0)
                .expectSubscription()
                .thenRequest(1)
                .expectNext("a")
                .thenRequest(2)
                .expectNext("b", "c")
                .verifyComplete();
    }

    @Test
    void anEmptyListCompletesWithoutElements() {
        StepVerifier.create(ListFlux.of(List.of())).verifyComplete();
    }

    @Test
    void aConsumerRequestingFromOnNextGetsEveryElementOnce() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add("e" + i);
        }
        List<String> seen = new ArrayList<>();
        AtomicReference<String> end = new AtomicReference<>("none");
        ListFlux.of(items).subscribe(new BaseSubscriber<String>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                request(1);
            }

            @Override
            protected void hookOnNext(String value) {
                seen.add(value);
                request(1);
            }

            @Override
            protected void hookOnComplete() {
                end.set("complete");
            }
        });

        assertThat(seen).isEqualTo(items);
        assertThat(end).hasValue("complete");
    }

    @Test
    void aCancelledConsumerGetsNothingMore() {
        StepVerifier.create(ListFlux.of(List.of("a", "b", "c")), 1)
                .expectNext("a")
                .thenCancel()
                .verify();
    }

    @Test
    void concatMappedListsArriveInOrder() {
        StepVerifier.create(Flux.just(List.of("a", "b"), List.<String>of(), List.of("c"))
                        .concatMap(ListFlux::of, 0))
                .expectNext("a", "b", "c")
                .verifyComplete();
    }

    @Test
    void theSubscriptionLetsGoOfTheListOnceComplete() {
        AtomicReference<Subscription> kept = new AtomicReference<>();
        ListFlux.of(List.of("a")).subscribe(new BaseSubscriber<String>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                kept.set(subscription);
                request(1);
            }
        });

        assertThat(kept.get()).extracting("items").isNull();
    }
}
