package io.relay4j.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Faults switched on and off over time or over the request sequence. Time and request numbers count from the
 * moment the {@link Behaviour} holding this schedule is installed on a server (at start, or by
 * {@link SimulatorServer#setBehaviour}); the first request after that has index 0. When several windows
 * cover the same moment, the one added first wins. Immutable and thread-safe.
 *
 * <p>The demo's story, for example: the primary is banned from second 10 to second 40, the secondary throttles
 * for 2 s out of every 8 s:
 * <pre>{@code
 * FaultSchedule primary = FaultSchedule.builder().between(ofSeconds(10), ofSeconds(40), Fault.BAN_403).build();
 * FaultSchedule secondary = FaultSchedule.builder().bursts(Fault.RATE_LIMIT_429, ofSeconds(8), ofSeconds(2)).build();
 * }</pre>
 */
public final class FaultSchedule {

    private static final FaultSchedule NONE = new FaultSchedule(List.of());

    private final List<Window> windows;

    private FaultSchedule(List<Window> windows) {
        this.windows = List.copyOf(windows);
    }

    /** A schedule with no windows: it never injects anything. */
    public static FaultSchedule none() {
        return NONE;
    }

    /** A builder for a schedule. */
    public static Builder builder() {
        return new Builder();
    }

    /** True when no window is defined. */
    public boolean isEmpty() {
        return windows.isEmpty();
    }

    /**
     * The fault scheduled for the request with this index arriving at this time since installation, if any.
     */
    public Optional<Fault> faultAt(long requestIndex, Duration sinceInstalled) {
        for (Window window : windows) {
            if (window.covers(requestIndex, sinceInstalled)) {
                return Optional.of(window.fault());
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "FaultSchedule" + windows;
    }

    private sealed interface Window {
        Fault fault();

        boolean covers(long requestIndex, Duration since);
    }

    private record RequestWindow(long from, long until, Fault fault) implements Window {
        @Override
        public boolean covers(long requestIndex, Duration since) {
            return requestIndex >= from && requestIndex < until;
        }
    }

    private record TimeWindow(Duration from, Duration until, Fault fault) implements Window {
        @Override
        public boolean covers(long requestIndex, Duration since) {
            return since.compareTo(from) >= 0 && since.compareTo(until) < 0;
        }
    }

    private record Bursts(Duration startAt, Duration period, Duration length, Fault fault) implements Window {
        @Override
        public boolean covers(long requestIndex, Duration since) {
            if (since.compareTo(startAt) < 0) {
                return false;
            }
            long intoPeriod = since.minus(startAt).toNanos() % period.toNanos();
            return intoPeriod < length.toNanos();
        }
    }

    /** Collects windows in priority order. Not thread-safe; the built schedule is. */
    public static final class Builder {
        private final List<Window> windows = new ArrayList<>();

        private Builder() {
        }

        /** {@code fault} for the requests with index {@code fromIndex} (inclusive) to {@code untilIndex} (exclusive). */
        public Builder forRequests(long fromIndex, long untilIndex, Fault fault) {
            if (fromIndex < 0 || untilIndex < fromIndex) {
                throw new IllegalArgumentException(
                        "forRequests needs 0 <= fromIndex <= untilIndex, got " + fromIndex + " and " + untilIndex);
            }
            windows.add(new RequestWindow(fromIndex, untilIndex, Objects.requireNonNull(fault, "fault")));
            return this;
        }

        /** {@code fault} for requests arriving from {@code from} (inclusive) to {@code until} (exclusive). */
        public Builder between(Duration from, Duration until, Fault fault) {
            requireNonNegative(from, "from");
            requireNonNegative(until, "until");
            if (until.compareTo(from) < 0) {
                throw new IllegalArgumentException("between needs from <= until, got " + from + " and " + until);
            }
            windows.add(new TimeWindow(from, until, Objects.requireNonNull(fault, "fault")));
            return this;
        }

        /** {@code fault} for every request arriving at or after {@code from}. */
        public Builder from(Duration from, Fault fault) {
            return between(from, Duration.ofSeconds(Long.MAX_VALUE), fault);
        }

        /** {@code fault} for the first {@code length} of every {@code period}, starting at installation. */
        public Builder bursts(Fault fault, Duration period, Duration length) {
            return bursts(fault, Duration.ZERO, period, length);
        }

        /** {@code fault} for the first {@code length} of every {@code period}, starting at {@code startAt}. */
        public Builder bursts(Fault fault, Duration startAt, Duration period, Duration length) {
            requireNonNegative(startAt, "startAt");
            requireNonNegative(length, "length");
            Objects.requireNonNull(period, "period");
            if (period.isZero() || period.isNegative() || length.compareTo(period) > 0) {
                throw new IllegalArgumentException(
                        "bursts need a positive period and 0 <= length <= period, got period " + period + " and length " + length);
            }
            windows.add(new Bursts(startAt, period, length, Objects.requireNonNull(fault, "fault")));
            return this;
        }

        /** The immutable schedule. */
        public FaultSchedule build() {
            return windows.isEmpty() ? NONE : new FaultSchedule(windows);
        }

        private static void requireNonNegative(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + value);
            }
        }
    }
}
