package io.relay4j.redis.internal.budget;

import io.relay4j.core.budget.BudgetPeriod;
import io.relay4j.core.budget.BudgetWindow;
import io.relay4j.redis.internal.FleetKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * Key names of one namespace's budgets: one hash per window, {@code relay4j:{<namespace>}:budget:<provider>:
 * <period>:<windowStartEpochSeconds>}, and the change-notice channel {@code relay4j:{<namespace>}:budget}. The
 * {@code {namespace}} hash tag keeps a namespace's keys in one Redis Cluster slot.
 */
final class BudgetKeys {

    /** How long a window's hash outlives its end, for late settlements and for operators to look at. */
    static final Duration RETENTION = Duration.ofDays(1);

    private final String prefix;
    private final String channel;

    BudgetKeys(FleetKeys keys) {
        this.channel = keys.key("budget");
        this.prefix = channel + ":";
    }

    String channel() {
        return channel;
    }

    String key(BudgetWindow window) {
        return prefix + window.provider() + ":" + window.period().tag() + ":" + window.start().getEpochSecond();
    }

    /** The window a key names, when it is one of this namespace's (provider names may hold colons). */
    Optional<BudgetWindow> window(String key) {
        if (!key.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = key.substring(prefix.length());
        int startAt = rest.lastIndexOf(':');
        int periodAt = startAt < 0 ? -1 : rest.lastIndexOf(':', startAt - 1);
        if (periodAt <= 0) {
            return Optional.empty();
        }
        try {
            BudgetPeriod period = BudgetPeriod.valueOf(rest.substring(periodAt + 1, startAt).toUpperCase(Locale.ROOT));
            Instant start = Instant.ofEpochSecond(Long.parseLong(rest.substring(startAt + 1)));
            return Optional.of(new BudgetWindow(rest.substring(0, periodAt), period, start));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    /** When the window's hash may go: its end, plus {@link #RETENTION}. */
    static Instant expiry(BudgetWindow window) {
        Instant start = window.start();
        Instant end = switch (window.period()) {
            case HOUR -> start.plus(Duration.ofHours(1));
            case DAY -> start.plus(Duration.ofDays(1));
            case MONTH -> start.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
        };
        return end.plus(RETENTION);
    }
}
