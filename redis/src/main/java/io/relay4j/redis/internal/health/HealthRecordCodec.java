package io.relay4j.redis.internal.health;

import io.relay4j.core.error.ErrorType;
import io.relay4j.core.health.EjectionReason;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.spi.HealthRecord;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@link HealthRecord} as text in Redis, version 1:
 * {@code 1;<at>;<state>;<until>;<trips>;<failures>;<lastError>;<reason>;<origin>;<provider>}. Times are epoch
 * nanoseconds as 19 digits, so the merge script compares them as strings, exactly (Lua's numbers would round
 * nanoseconds); {@code -} stands for an absent error type or reason; origin and provider are percent-escaped
 * ({@code %}, {@code ;} and control characters), so {@code ;} always separates fields. Only these fields exist: a
 * record never holds a prompt, a key or an error message. A record of an unknown version or malformed is skipped.
 */
final class HealthRecordCodec {

    static final String VERSION = "1";
    private static final int FIELDS = 10;
    private static final long MAX_NANOS = Long.MAX_VALUE;

    private HealthRecordCodec() {
    }

    static String encode(HealthRecord r) {
        return VERSION + ';' + time(r.at()) + ';' + r.state().name() + ';' + time(r.until()) + ';' + r.trips() + ';'
                + r.consecutiveFailures() + ';' + r.lastError().map(Enum::name).orElse("-") + ';'
                + r.reason().map(Enum::name).orElse("-") + ';' + escape(r.origin()) + ';' + escape(r.provider());
    }

    static Optional<HealthRecord> decode(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] f = text.split(";", -1);
        if (f.length != FIELDS || !f[0].equals(VERSION)) {
            return Optional.empty();
        }
        try {
            HealthState state = HealthState.valueOf(f[2]);
            return Optional.of(HealthRecord.builder(unescape(f[9]), state, instant(f[1]))
                    .until(instant(f[3]))
                    .trips(Integer.parseInt(f[4]))
                    .consecutiveFailures(Integer.parseInt(f[5]))
                    .lastError(f[6].equals("-") ? null : known(ErrorType.class, f[6]))
                    .reason(f[7].equals("-") ? null : known(EjectionReason.class, f[7]))
                    .origin(unescape(f[8]))
                    .build());
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    /** Epoch nanoseconds as 19 digits, clamped to what a long holds (1970 to 2262). */
    static String time(Instant t) {
        long nanos;
        if (t.getEpochSecond() < 0) {
            nanos = 0;
        } else if (t.getEpochSecond() >= MAX_NANOS / 1_000_000_000L) {
            nanos = MAX_NANOS;
        } else {
            nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        }
        return String.format(java.util.Locale.ROOT, "%019d", nanos);
    }

    private static Instant instant(String digits) {
        if (digits.length() != 19) {
            throw new IllegalArgumentException("time field");
        }
        long nanos = Long.parseLong(digits);
        return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }

    /** A value a newer instance may send that this one does not know reads as absent. */
    private static <E extends Enum<E>> E known(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    static String escape(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || c == ';' || c < 0x20 || c == 0x7f) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                out.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
