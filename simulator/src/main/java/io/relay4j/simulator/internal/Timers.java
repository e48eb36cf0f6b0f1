package io.relay4j.simulator.internal;

import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * Where an exchange's delays run. By default on the connection's own event loop: scheduling, firing and cancelling
 * a delay then never leave that thread, so no lock is taken on an event loop and every write happens in place.
 * A configured scheduler (a virtual-time one in tests) replaces it for every connection and is also the clock.
 */
final class Timers {

    private final Optional<Scheduler> configured;
    private final Map<EventLoop, Scheduler> perEventLoop = new ConcurrentHashMap<>();

    Timers(Optional<Scheduler> configured) {
        this.configured = configured;
    }

    /** The scheduler of the exchanges on {@code connection}. */
    Scheduler forConnection(Connection connection) {
        // never disposed: disposing it would shut the event loop down
        return configured.orElseGet(() -> perEventLoop.computeIfAbsent(connection.channel().eventLoop(),
                Schedulers::fromExecutorService));
    }

    /** The clock of schedules, in milliseconds. */
    long nowMillis() {
        return configured.map(scheduler -> scheduler.now(TimeUnit.MILLISECONDS)).orElseGet(System::currentTimeMillis);
    }
}
