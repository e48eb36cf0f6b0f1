package io.relay4j.core.budget;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** A UTC calendar period a budget applies to; spending starts again from zero when a new one begins. */
public enum BudgetPeriod {
    /** From the top of the hour, UTC. */
    HOUR,
    /** From midnight UTC. */
    DAY,
    /** From midnight UTC on the first day of the month. */
    MONTH;

    /** The start of the period that contains {@code now}. */
    public Instant startOf(Instant now) {
        ZonedDateTime utc = now.atZone(ZoneOffset.UTC);
        return switch (this) {
            case HOUR -> utc.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> utc.truncatedTo(ChronoUnit.DAYS).toInstant();
            case MONTH -> utc.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
        };
    }

    /** A stable lower-case name for metric tags and logs. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
