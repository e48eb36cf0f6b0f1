package io.relay4j.core.spi;

import io.relay4j.core.internal.health.LocalHealthStore;
import java.time.Duration;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/**
 * Where the instances of one fleet share what each learns about its providers' health, so that after one
 * instance is banned, throttled or sees a provider fail, the others skip it without calling it, and when its
 * cooldown ends a single probe goes out from the whole fleet. Set on a router with
 * {@code LlmRouter.Builder.healthStore}; the default, {@link #local()}, shares nothing (each instance learns alone,
 * as a router on its own always has).
 *
 * <p>A router never waits for its store: it routes on its own health view, {@linkplain Session#publish publishes}
 * what it learns (a provider going out, coming back, disabled or enabled by hand) and applies the
 * {@link HealthRecord}s the store delivers from the other instances. Rate limits travel the same way: a
 * {@code 429}'s {@code retry-after} is a cooldown until then, with {@link io.relay4j.core.health.EjectionReason#RATE_LIMITED}.
 * What each instance measures for itself (its outlier window, latencies, concurrency limits, hedge budget) stays
 * local: it describes that instance's own traffic. Budgets are shared through {@link BudgetStore}.
 *
 * <p>Contract: every method returns at once and never blocks (a router calls them on its request path, possibly on
 * a Netty event loop); a store that cannot reach its backend keeps going on local state, reconnects by itself and
 * brings its backend and its instances back in step when it returns. A store delivers records on any thread, one
 * at a time per session; it may deliver a record twice or deliver an instance's own records back (routers ignore
 * what is not newer than their view).
 */
public interface HealthStore {

    /**
     * Starts sharing for one router: called once, when the router is built. {@code updates} receives the records
     * the other instances publish (and the store's current records, on start and after a reconnection); it is fast
     * and never throws.
     */
    Session open(Consumer<HealthRecord> updates);

    /** The default: nothing shared, every probe granted at once. */
    static HealthStore local() {
        return LocalHealthStore.INSTANCE;
    }

    /** One router's connection to the store; closed with the router. */
    interface Session extends AutoCloseable {

        /** Shares what this instance learned; returns at once, the store writes it in the background. */
        void publish(HealthRecord record);

        /**
         * Asks for the fleet's single half-open probe of {@code provider}, whose cooldown has passed: completes with
         * true when this instance holds it (for {@code lease}, unless it publishes the probe's verdict or
         * {@linkplain #releaseProbe releases} it first, so a holder that dies frees it), false when another
         * instance holds it. A store that cannot reach its backend answers true (each instance probes on its own,
         * as without a store) rather than an error. A router treats an error, or no answer within a second, as true.
         */
        Mono<Boolean> acquireProbe(String provider, Duration lease);

        /** Gives the probe back without a verdict (the probe was cancelled, or failed for a reason not the provider's). */
        void releaseProbe(String provider);

        /** Stops sharing; idempotent, non-blocking. */
        @Override
        void close();
    }
}
