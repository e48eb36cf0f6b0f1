package io.relay4j.redis.testing;

import io.relay4j.core.spi.HealthRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A session's consumer that keeps what it was delivered, and waits (polling, with a deadline) for a record. */
public final class RecordedUpdates implements Consumer<HealthRecord> {

    private final List<HealthRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public void accept(HealthRecord record) {
        records.add(record);
    }

    public List<HealthRecord> all() {
        return List.copyOf(records);
    }

    /** The first delivered record that matches, waiting up to {@code limit}; fails the test when none comes. */
    public HealthRecord await(Predicate<HealthRecord> match, Duration limit) {
        return Await.until(() -> records.stream().filter(match).findFirst(), limit,
                () -> "no delivered record matched within " + limit + "; delivered: " + records);
    }

    /** Whether a matching record was delivered so far. */
    public boolean any(Predicate<HealthRecord> match) {
        return records.stream().anyMatch(match);
    }

    /** Polling with a deadline, for tests on real time (never a fixed sleep as an assertion). */
    public static final class Await {
        private Await() {
        }

        public static <T> T until(java.util.function.Supplier<Optional<T>> probe, Duration limit,
                                  java.util.function.Supplier<String> failure) {
            long deadline = System.nanoTime() + limit.toNanos();
            for (;;) {
                Optional<T> value = probe.get();
                if (value.isPresent()) {
                    return value.get();
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError(failure.get());
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted");
                }
            }
        }

        public static void until(java.util.function.BooleanSupplier condition, Duration limit, String failure) {
            until(() -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), limit, () -> failure);
        }
    }
}
