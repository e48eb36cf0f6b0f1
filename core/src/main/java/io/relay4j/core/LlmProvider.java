package io.relay4j.core;

import io.relay4j.core.spi.ProviderCallObserver;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The provider SPI: one configured connection to one model of one vendor.
 *
 * <p>Contract, which the router relies on:
 * <ul>
 *   <li>Nothing happens until subscription, and each subscription makes exactly one call: a provider
 *       never retries on its own (the router decides every retry).</li>
 *   <li>Every failure is an {@link io.relay4j.core.error.LlmException} subtype, classified here, once.</li>
 *   <li>Cancelling the subscription ends the call and releases its connection and buffers.</li>
 *   <li>{@link #stream} emits text chunks and then exactly one last chunk ({@link LlmChunk#isLast()})
 *       with the finish reason and usage; a stream that ends without the vendor's finish sign fails with
 *       {@link io.relay4j.core.error.MalformedResponse}, never completes silently.</li>
 *   <li>No method blocks; all I/O is non-blocking.</li>
 *   <li>A provider that skips an event it cannot parse, rather than failing the call, SHOULD report each
 *       skip to the {@link ProviderCallObserver} in the subscriber context ({@link ProviderCallObserver#of}),
 *       with a reason that quotes none of the event; the router then notes it on the attempt and tells its
 *       listeners. Without an observer in the context (a call outside a router) reporting is a no-op.</li>
 *   <li>{@link #close()} releases what the provider owns (connection pool, timers) without blocking, may be
 *       called more than once, and lets calls in flight end on their own; a call made after it fails with a
 *       typed {@link io.relay4j.core.error.LlmException} at once rather than hanging. A router that was given
 *       the provider owns it and closes it ({@link LlmRouter#close()}, {@link LlmRouter#removeProvider}).</li>
 * </ul>
 */
public interface LlmProvider extends AutoCloseable {

    /** A unique name within a router; shown in attempts, metrics and logs. */
    String name();

    /** Generates a whole answer. */
    Mono<LlmResponse> generate(LlmRequest request);

    /** Streams an answer as text deltas, ending with a last chunk that carries finish reason and usage. */
    Flux<LlmChunk> stream(LlmRequest request);

    /** The vendor, model and limits this provider declares. */
    default ProviderInfo info() {
        return ProviderInfo.of("unknown", "unknown");
    }

    /**
     * Releases what this provider owns; see the class's contract. The default does nothing, for providers
     * that own nothing to release.
     */
    @Override
    default void close() {
    }
}
