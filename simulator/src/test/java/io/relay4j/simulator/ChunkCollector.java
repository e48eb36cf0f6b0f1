package io.relay4j.simulator;

import java.time.Duration;
import java.util.function.Predicate;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Subscribes to a response body and keeps what arrived, so a test can look at a stream while it is open. */
final class ChunkCollector {

    private final StringBuffer text = new StringBuffer();
    private volatile boolean terminated;
    private final Disposable subscription;

    ChunkCollector(Flux<String> chunks) {
        this.subscription = chunks.subscribe(text::append, error -> terminated = true, () -> terminated = true);
    }

    /** Everything received so far. */
    String text() {
        return text.toString();
    }

    /** Whether the body completed or failed. */
    boolean terminated() {
        return terminated;
    }

    /** Waits, bounded, until the received text satisfies {@code condition}. */
    ChunkCollector awaitText(Predicate<String> condition) {
        Flux.interval(Duration.ZERO, Duration.ofMillis(5))
                .filter(tick -> condition.test(text()))
                .next()
                .timeout(Duration.ofSeconds(5), Mono.error(() -> new AssertionError("never received the expected text: " + text())))
                .block();
        return this;
    }

    /** Closes the client side: the server sees the connection go away. */
    void cancel() {
        subscription.dispose();
    }
}
