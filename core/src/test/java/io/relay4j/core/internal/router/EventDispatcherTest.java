package io.relay4j.core.internal.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.event.LoggingRouterListener;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.event.RouterListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventDispatcherTest {

    @Test
    void withOnlyTheDefaultLoggingListenerLifecycleEventsAreNotWantedButFallbacksAre() {
        EventDispatcher events = new EventDispatcher(List.of(new LoggingRouterListener()));

        assertThat(events.active()).isTrue();
        assertThat(events.lifecycleWanted()).isFalse();
    }

    @Test
    void anyOtherListenerWantsEveryEventAndGetsItBesideTheLoggingOne() {
        List<RouterEvent> seen = new ArrayList<>();
        RouterListener recording = seen::add;
        EventDispatcher events = new EventDispatcher(List.of(new LoggingRouterListener(), recording));

        events.accept(new RouterEvent.MalformedEventSkipped(7, "primary"));

        assertThat(events.lifecycleWanted()).isTrue();
        assertThat(seen).containsExactly(new RouterEvent.MalformedEventSkipped(7, "primary"));
    }

    @Test
    void withoutListenersNothingIsWanted() {
        EventDispatcher events = new EventDispatcher(List.of());

        assertThat(events.active()).isFalse();
        assertThat(events.lifecycleWanted()).isFalse();
    }
}
