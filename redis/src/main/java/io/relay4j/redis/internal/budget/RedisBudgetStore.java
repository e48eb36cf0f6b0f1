package io.relay4j.redis.internal.budget;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.relay4j.core.budget.BudgetPeriod;
import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.budget.BudgetWindow;
import io.relay4j.core.spi.BudgetStore;
import io.relay4j.redis.internal.FleetConnection;
import io.relay4j.redis.internal.FleetKeys;
import io.relay4j.redis.internal.FleetMetrics;
import io.relay4j.redis.internal.RedisTargets;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link BudgetStore} whose budgets the instances of a fleet share through Redis, with no Redis round trip on a
 * request's path: every method answers at once from this instance's local view, and what changes is written to
 * Redis asynchronously. Semantics match {@link BudgetStore#inMemory()} for one instance (a newer window replaces
 * an older one with its reservations; a settlement for a window that is no longer current counts in the current
 * one); across the fleet, a window's spent total is the sum of every instance's spending in it, and what is
 * reserved on it is the sum of what the live instances' calls in flight reserve.
 *
 * <p><b>How.</b> Each instance (a <em>member</em>: the instance id plus a random suffix for this store's
 * lifetime, so an instance restarted under the same id never overwrites what its previous run spent) keeps its
 * own values exactly, in whole nano-USD, and the other members' values as last heard. A {@link #reserve} admits
 * iff {@code fleet spent + others' live reservations + own reservations < limit}, atomically in this JVM (one
 * compare-and-set), then schedules a write. Writes are coalesced: at most one in flight per window, carrying the
 * latest absolute values, by one Lua script that sets this member's fields in the window's hash, refreshes its
 * heartbeat (on Redis's clock), publishes a change notice carrying the new values, and returns the whole hash.
 * Other instances apply a notice without reading Redis (so a change costs one message per instance, not one read
 * per instance); every {@code syncInterval} each instance also writes (and so reads back) every window it knows,
 * which refreshes its heartbeat, catches any notice lost during a reconnection, and rebuilds Redis's data after
 * it lost them; so does each (re)connection of the fleet's {@link FleetConnection}, whose two connections this
 * store shares with the health store. A member whose heartbeat is older than the liveness TTL (it crashed, or was
 * closed with calls in flight) stops counting its reservations; its spending keeps counting.
 *
 * <p><b>Why no round trip.</b> An atomic check-and-reserve in Redis would make every request wait for Redis and
 * fail or stall when Redis does; the router's contract is that Redis is never on a request's path. The price is
 * the bound below, which grows with the sync delay instead of being exact.
 *
 * <p><b>Overshoot bound.</b> Each instance admits against its view, which misses what other instances admitted
 * within the last sync delay (their write, then the notice: about a round trip and a pub/sub hop, around a
 * millisecond on a LAN). So the fleet's commitments stay below {@code limit + the largest reservation + what the
 * other instances admitted within one sync delay of each admission}, and, as with {@link BudgetTracker}, its
 * spending stays below that as long as calls cost no more than they reserved. A window this instance has not read
 * yet counts as the instance's own values only until its first sync (one round trip after its first use). While
 * Redis is unreachable the views stop moving: each instance goes on alone from the fleet totals it last heard,
 * so the fleet may overshoot by up to what each instance admits alone during the outage; everything converges at
 * the first sync after Redis returns.
 *
 * <p>When Redis is down or slow nothing waits for it and nothing throws: each failed sync counts
 * {@code relay4j.fleet.fallbacks{kind=budget}} and {@code relay4j.fleet.store.errors{operation=budget-sync}}.
 * Thread-safe and non-blocking; {@link #close()} returns at once.
 */
public final class RedisBudgetStore implements BudgetStore, FleetConnection.Listener, AutoCloseable {

    private record Key(String provider, BudgetPeriod period) {
        static Key of(BudgetWindow window) {
            return new Key(window.provider(), window.period());
        }
    }

    /** One provider and period: its current window's view and the state of its write to Redis. */
    private static final class Slot {
        final AtomicReference<WindowView> view;
        /** 0: no write in flight; 1: one in flight; 2: one in flight and a newer change to write after it. */
        final AtomicInteger sync = new AtomicInteger();
        /** When the oldest change not yet acknowledged by Redis was made (nano time), 0 when none. */
        final AtomicLong pendingSince = new AtomicLong();

        Slot(WindowView view) {
            this.view = new AtomicReference<>(view);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RedisBudgetStore.class);

    private final ConcurrentMap<Key, Slot> slots = new ConcurrentHashMap<>();
    private final FleetConnection connection;
    private final FleetMetrics metrics;
    private final BudgetKeys keys;
    private final String member;
    private final long ttlNanos;
    private final Duration syncInterval;
    private volatile Disposable ticker = Disposables.disposed();
    private volatile boolean closed;

    /**
     * A store on the fleet's connection (shared, not closed with the store) that syncs every {@code syncInterval}
     * and counts a member's reservations until its heartbeat is {@code livenessTtl} old. Call {@link #start()}.
     *
     * @param livenessTtl longer than {@code syncInterval} plus the command timeout, or a live member's reservations
     *                    would flicker in and out of the totals; {@link #livenessTtl(Duration, Duration)} gives one
     */
    public RedisBudgetStore(FleetConnection connection, FleetKeys keys, String instanceId, Duration syncInterval,
            Duration livenessTtl) {
        this.connection = Objects.requireNonNull(connection, "connection must not be null");
        this.metrics = connection.metrics();
        this.keys = new BudgetKeys(keys);
        // the random suffix keeps a restarted instance (same id) from overwriting what its previous run spent;
        // whitespace would break the change notices' line format
        this.member = instanceId.replaceAll("\\s", "_") + "#" + UUID.randomUUID().toString().substring(0, 8);
        this.syncInterval = positive(syncInterval, "syncInterval");
        if (livenessTtl.compareTo(syncInterval.plus(connection.commandTimeout())) <= 0) {
            throw new IllegalArgumentException("livenessTtl must be longer than syncInterval + commandTimeout ("
                    + syncInterval.plus(connection.commandTimeout()) + "), was " + livenessTtl);
        }
        this.ttlNanos = livenessTtl.toNanos();
    }

    /**
     * The liveness TTL for a sync interval: three intervals plus the command timeout, at least 5 seconds, so that a
     * live member whose syncs are late (a pause, a slow Redis) keeps counting its reservations.
     */
    public static Duration livenessTtl(Duration syncInterval, Duration commandTimeout) {
        Duration ttl = positive(syncInterval, "syncInterval").multipliedBy(3)
                .plus(positive(commandTimeout, "commandTimeout"));
        return ttl.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : ttl;
    }

    /** Listens to the fleet's connection and starts the periodic sync; returns at once. */
    public RedisBudgetStore start() {
        connection.addListener(this);
        connection.subscribe(keys.channel());
        ticker = Flux.interval(syncInterval, syncInterval, Schedulers.parallel()).subscribe(t -> tick());
        if (closed) {
            ticker.dispose();
        }
        return this;
    }

    /** How long a member that stopped writing keeps counting its reservations. */
    public Duration livenessTtl() {
        return Duration.ofNanos(ttlNanos);
    }

    @Override
    public BigDecimal add(BudgetWindow window, BigDecimal amountUsd) {
        Objects.requireNonNull(amountUsd, "amountUsd must not be null");
        return settle(window, BigDecimal.ZERO, amountUsd);
    }

    @Override
    public BigDecimal spent(BudgetWindow window) {
        WindowView view = current(window).view.get();
        return NanoUsd.usd(view.isOf(window) ? view.fleetSpent() : 0);
    }

    @Override
    public BigDecimal reserved(BudgetWindow window) {
        WindowView view = current(window).view.get();
        return NanoUsd.usd(view.isOf(window) ? view.fleetReserved() : 0);
    }

    @Override
    public boolean reserve(BudgetWindow window, BigDecimal amountUsd, BigDecimal limitUsd) {
        Objects.requireNonNull(amountUsd, "amountUsd must not be null");
        Objects.requireNonNull(limitUsd, "limitUsd must not be null");
        long amount = NanoUsd.of(amountUsd);
        Slot slot = current(window);
        for (;;) {
            WindowView view = slot.view.get();
            if (view.window().start().isBefore(window.start())) {
                slot.view.compareAndSet(view, WindowView.empty(window));
                continue;
            }
            boolean admitted = NanoUsd.usd(view.fleetSpent() + view.fleetReserved()).compareTo(limitUsd) < 0;
            if (!admitted || !view.isOf(window)) {
                // refused; or asked for a window older than the kept one: checked against it, held nowhere, since
                // its settlement (for the older window) could not give it back
                return admitted;
            }
            if (slot.view.compareAndSet(view, view.own(view.ownSpent(), view.ownReserved() + amount))) {
                changed(slot);
                return true;
            }
        }
    }

    @Override
    public BigDecimal settle(BudgetWindow window, BigDecimal reservedUsd, BigDecimal actualUsd) {
        Objects.requireNonNull(reservedUsd, "reservedUsd must not be null");
        Objects.requireNonNull(actualUsd, "actualUsd must not be null");
        long reserved = NanoUsd.of(reservedUsd);
        long actual = NanoUsd.of(actualUsd);
        Slot slot = current(window);
        for (;;) {
            WindowView view = slot.view.get();
            WindowView next;
            if (view.window().start().isBefore(window.start())) {
                next = WindowView.empty(window).own(actual, 0);
            } else {
                // the kept window is this one, or newer: the reservation was made in it only when the starts match
                long stillReserved = view.isOf(window) ? Math.max(0, view.ownReserved() - reserved) : view.ownReserved();
                next = view.own(view.ownSpent() + actual, stillReserved);
            }
            if (slot.view.compareAndSet(view, next)) {
                changed(slot);
                return NanoUsd.usd(next.fleetSpent());
            }
        }
    }

    /**
     * Stops syncing, without waiting, and answers from local values from then on; the fleet's connection stays
     * open. Nothing is given back: calls still in flight here stop counting when this member's heartbeat ages past
     * the TTL.
     */
    @Override
    public void close() {
        closed = true;
        ticker.dispose();
        connection.removeListener(this);
    }

    /** The slot of the window's provider and period, moved on to {@code window} when it held an older one. */
    private Slot current(BudgetWindow window) {
        Objects.requireNonNull(window, "window must not be null");
        Slot slot = slots.get(Key.of(window));
        if (slot == null) {
            Slot created = new Slot(WindowView.empty(window));
            slot = slots.putIfAbsent(Key.of(window), created);
            if (slot == null) {
                // a window this instance has not read yet: read it now, so that the view holds the fleet's values
                scheduleSync(created);
                return created;
            }
        }
        WindowView view = slot.view.get();
        if (view.window().start().isBefore(window.start())
                && slot.view.compareAndSet(view, WindowView.empty(window))) {
            scheduleSync(slot);
        }
        return slot;
    }

    private void changed(Slot slot) {
        slot.pendingSince.compareAndSet(0, System.nanoTime());
        scheduleSync(slot);
    }

    private void scheduleSync(Slot slot) {
        for (;;) {
            int state = slot.sync.get();
            if (state == 2) {
                return;
            }
            if (slot.sync.compareAndSet(state, state + 1)) {
                if (state == 0) {
                    send(slot);
                }
                return;
            }
        }
    }

    private void send(Slot slot) {
        if (closed) {
            slot.sync.set(0);
            return;
        }
        WindowView view = slot.view.get();
        long pending = slot.pendingSince.getAndSet(0);
        sync(keys.key(view.window()), BudgetSyncScript.args(member, view, keys.channel()))
                .doOnNext(reply -> apply(slot, view.window(), BudgetSyncScript.peers(reply, member,
                        ttlNanos / 1_000_000, System.nanoTime())))
                .subscribe(reply -> {
                    if (pending != 0) {
                        metrics.lag("budget", Duration.ofNanos(System.nanoTime() - pending));
                    }
                }, error -> {
                    // the change stays local; the next tick (or change, or reconnection) writes the latest values
                    slot.pendingSince.compareAndSet(0, pending);
                    slot.sync.set(0);
                    if (!closed) {
                        metrics.error("budget-sync");
                        metrics.fallback("budget");
                        LOG.debug("relay4j fleet: budget sync failed ({}); going on with the local view",
                                RedisTargets.describe(error));
                    }
                }, () -> sent(slot));
    }

    /** Runs the sync script on {@code key}; fails at once while the fleet is not connected. */
    private Mono<List<Object>> sync(String key, String[] args) {
        Optional<RedisClusterReactiveCommands<String, String>> commands = connection.commands();
        if (commands.isEmpty()) {
            return Mono.error(new IllegalStateException("not connected to Redis"));
        }
        RedisClusterReactiveCommands<String, String> api = commands.get();
        String[] keyArg = {key};
        return Mono.defer(() -> api.<Object>evalsha(BudgetSyncScript.DIGEST, ScriptOutputType.MULTI, keyArg, args)
                        .onErrorResume(RedisNoScriptException.class,
                                // Redis restarted (or flushed its scripts): the script itself loads it again
                                missing -> api.<Object>eval(BudgetSyncScript.LUA, ScriptOutputType.MULTI, keyArg, args))
                        .collectList())
                .map(BudgetSyncScript::flatten)
                .timeout(connection.commandTimeout());
    }

    private void sent(Slot slot) {
        for (;;) {
            int state = slot.sync.get();
            if (state == 2 && slot.sync.compareAndSet(2, 1)) {
                send(slot);
                return;
            }
            if (state == 1 && slot.sync.compareAndSet(1, 0)) {
                return;
            }
            if (state == 0) {
                return;
            }
        }
    }

    private void apply(Slot slot, BudgetWindow window, Map<String, Peer> heard) {
        long now = System.nanoTime();
        for (;;) {
            WindowView view = slot.view.get();
            if (!view.isOf(window)
                    || slot.view.compareAndSet(view, view.withPeers(view.peers().merge(heard, now, ttlNanos)))) {
                return;
            }
        }
    }

    @Override
    public void onConnected() {
        // Redis may have restarted empty, or notices were lost while a connection was down
        tick();
    }

    @Override
    public void onMessage(String channel, String message) {
        if (closed || !channel.equals(keys.channel())) {
            return;
        }
        BudgetSyncScript.notice(message, System.nanoTime())
                .filter(notice -> !notice.member().equals(member))
                .ifPresent(notice -> keys.window(notice.key()).ifPresent(window -> {
                    Slot slot = slots.get(Key.of(window));
                    if (slot != null) {
                        apply(slot, window, Map.of(notice.member(), notice.peer()));
                    }
                }));
    }

    /** Every sync interval, and once connected: ages out dead members, then writes (and reads) every window. */
    private void tick() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        for (Slot slot : slots.values()) {
            for (;;) {
                WindowView view = slot.view.get();
                if (slot.view.compareAndSet(view, view.withPeers(view.peers().expire(now, ttlNanos)))) {
                    break;
                }
            }
            scheduleSync(slot);
        }
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
        return value;
    }
}
