package io.relay4j.core.internal.health;

import io.relay4j.core.spi.HealthRecord;
import io.relay4j.core.spi.HealthStore;
import java.time.Duration;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;

/** {@link HealthStore#local()}: shares nothing; a router that has it skips the fleet bookkeeping entirely. */
public final class LocalHealthStore implements HealthStore, HealthStore.Session {

    public static final LocalHealthStore INSTANCE = new LocalHealthStore();

    private static final Mono<Boolean> GRANTED = Mono.just(true);

    private LocalHealthStore() {
    }

    @Override
    public Session open(Consumer<HealthRecord> updates) {
        return this;
    }

    @Override
    public void publish(HealthRecord record) {
    }

    @Override
    public Mono<Boolean> acquireProbe(String provider, Duration lease) {
        return GRANTED;
    }

    @Override
    public void releaseProbe(String provider) {
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "HealthStore.local()";
    }
}
