package io.relay4j.core.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.relay4j.core.budget.BudgetTracker;

/**
 * Gauges of each tracked budget's spending in its current period, read from the tracker at scrape time; a budget
 * added later (with a provider added at run time) gets its gauges when it is added.
 */
final class BudgetMeters {

    private BudgetMeters() {
    }

    static void bind(BudgetTracker tracker, MeterRegistry registry) {
        tracker.forEachLimit(limit -> {
            Tags tags = Tags.of(RouterTagKeys.PROVIDER.asString(), limit.provider(),
                    RouterTagKeys.PERIOD.asString(), limit.period().tag());
            Gauge.builder(RouterMeterNames.BUDGET_SPENT.getName(), tracker,
                            t -> t.status(limit).spentUsd().doubleValue())
                    .baseUnit(RouterMeterNames.BUDGET_SPENT.getBaseUnit())
                    .tags(tags)
                    .strongReference(true)
                    .register(registry);
            Gauge.builder(RouterMeterNames.BUDGET_SPENT_RATIO.getName(), tracker, t -> t.status(limit).spentRatio())
                    .tags(tags)
                    .strongReference(true)
                    .register(registry);
        });
    }
}
