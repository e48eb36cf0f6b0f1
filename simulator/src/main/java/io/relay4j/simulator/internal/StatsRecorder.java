package io.relay4j.simulator.internal;

import io.relay4j.simulator.Fault;
import io.relay4j.simulator.SimulatorStats;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The server's counters; safe to update from any event loop and to read while they change. */
public final class StatsRecorder {

    private final AtomicLong received = new AtomicLong();
    private final LongAdder completed = new LongAdder();
    private final LongAdder cancellations = new LongAdder();
    private final LongAdder authFailures = new LongAdder();
    private final LongAdder requestsInFlight = new LongAdder();
    private final LongAdder streamsInFlight = new LongAdder();
    private final Map<Fault, LongAdder> faults = new EnumMap<>(Fault.class);

    public StatsRecorder() {
        for (Fault fault : Fault.values()) {
            faults.put(fault, new LongAdder());
        }
    }

    /** Counts a new request and returns how many have arrived, this one included. */
    long requestReceived() {
        requestsInFlight.increment();
        return received.incrementAndGet();
    }

    void requestFinished() {
        requestsInFlight.decrement();
    }

    void answerCompleted() {
        completed.increment();
    }

    void cancelled() {
        cancellations.increment();
    }

    void authFailed() {
        authFailures.increment();
    }

    void faultInjected(Fault fault) {
        faults.get(fault).increment();
    }

    void streamStarted() {
        streamsInFlight.increment();
    }

    void streamFinished() {
        streamsInFlight.decrement();
    }

    /** The current values. */
    public SimulatorStats snapshot() {
        Map<Fault, Long> injected = new EnumMap<>(Fault.class);
        faults.forEach((fault, count) -> {
            long value = count.sum();
            if (value > 0) {
                injected.put(fault, value);
            }
        });
        return new SimulatorStats(received.get(), completed.sum(), injected, cancellations.sum(), authFailures.sum(),
                requestsInFlight.sum(), streamsInFlight.sum());
    }
}
