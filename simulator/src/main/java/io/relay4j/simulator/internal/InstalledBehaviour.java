package io.relay4j.simulator.internal;

import io.relay4j.simulator.Behaviour;
import io.relay4j.simulator.Fault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Behaviour} as installed on a running server: it numbers the requests since installation and derives
 * each request's choices from {@code (seed, index)} alone, so the outcome of request {@code n} does not depend on
 * which thread handles it or how requests interleave.
 */
final class InstalledBehaviour {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final Behaviour behaviour;
    private final long installedAtMillis;
    private final long seed;
    private final AtomicLong nextIndex = new AtomicLong();
    /** The current second of {@link Behaviour#requestsPerSecond()}'s window and the requests counted in it. */
    private final AtomicLong windowSecond = new AtomicLong(-1);
    private final AtomicLong inWindow = new AtomicLong();

    InstalledBehaviour(Behaviour behaviour, long nowMillis) {
        this.behaviour = behaviour;
        this.installedAtMillis = nowMillis;
        this.seed = behaviour.seed().orElseGet(() -> ThreadLocalRandom.current().nextLong());
    }

    Behaviour behaviour() {
        return behaviour;
    }

    /** Numbers the next request and decides its fault, latency and text. */
    ExchangePlan plan(long nowMillis) {
        long index = nextIndex.getAndIncrement();
        SplittableRandom random = new SplittableRandom(seed + GOLDEN_GAMMA * (index + 1));
        Duration sinceInstalled = Duration.ofMillis(Math.max(0, nowMillis - installedAtMillis));
        double draw = random.nextDouble();
        Optional<Fault> fault = behaviour.schedule().faultAt(index, sinceInstalled)
                .or(() -> overRate(nowMillis) ? Optional.of(Fault.RATE_LIMIT_429) : Optional.empty())
                .or(() -> drawnFault(draw));
        Duration latency = behaviour.latency().sample(random);
        return new ExchangePlan(behaviour, index, fault, latency, random.nextLong());
    }

    /** True when this request is beyond the rate limit of the current wall-clock second. */
    private boolean overRate(long nowMillis) {
        if (behaviour.requestsPerSecond().isEmpty()) {
            return false;
        }
        long second = nowMillis / 1000;
        long seen = windowSecond.get();
        if (seen != second && windowSecond.compareAndSet(seen, second)) {
            inWindow.set(0);
        }
        return inWindow.incrementAndGet() > behaviour.requestsPerSecond().getAsInt();
    }

    private Optional<Fault> drawnFault(double draw) {
        double cumulative = 0;
        for (Map.Entry<Fault, Double> rate : behaviour.faultRates().entrySet()) {
            cumulative += rate.getValue();
            if (draw < cumulative) {
                return Optional.of(rate.getKey());
            }
        }
        return Optional.empty();
    }
}
