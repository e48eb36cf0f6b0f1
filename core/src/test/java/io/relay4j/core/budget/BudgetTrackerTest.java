package io.relay4j.core.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.relay4j.core.spi.BudgetStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

class BudgetTrackerTest {

    private static final Instant NOV_25_2026_2230 = Instant.parse("2026-11-25T22:30:00Z");

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger trackerLogger = (Logger) LoggerFactory.getLogger(BudgetTracker.class);

    @BeforeEach
    void captureWarnings() {
        time.advanceTimeTo(NOV_25_2026_2230);
        log.start();
        trackerLogger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        trackerLogger.detachAppender(log);
        time.dispose();
    }

    private BudgetTracker tracker(BudgetConfig config) {
        return BudgetTracker.builder(config).clock(time).build();
    }

    private static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void aProviderThatSpentItsDailyBudgetIsNotAllowedUntilMidnightUtc() {
        BudgetTracker budgets = tracker(BudgetConfig.custom().limit("openai", usd("1.00"), BudgetPeriod.DAY).build());

        budgets.record("openai", usd("0.60"));
        assertThat(budgets.allows("openai")).isTrue();
        budgets.record("openai", usd("0.40"));
        assertThat(budgets.allows("openai")).as("spent == limit").isFalse();
        assertThat(budgets.allows("anthropic")).as("no budget, never over it").isTrue();

        time.advanceTimeBy(Duration.ofMinutes(89));
        assertThat(budgets.allows("openai")).as("23:59 is still the same day").isFalse();

        time.advanceTimeBy(Duration.ofMinutes(1));
        assertThat(budgets.allows("openai")).as("a new UTC day").isTrue();
        assertThat(budgets.status()).singleElement().satisfies(s -> {
            assertThat(s.spentUsd()).isEqualByComparingTo("0");
            assertThat(s.spentRatio()).isZero();
        });
    }

    @Test
    void theTightestOfSeveralBudgetsDecides() {
        BudgetTracker budgets = tracker(BudgetConfig.custom()
                .limit("openai", usd("10"), BudgetPeriod.MONTH)
                .limit("openai", usd("2"), BudgetPeriod.HOUR)
                .build());

        budgets.record("openai", usd("2"));
        assertThat(budgets.allows("openai")).isFalse();

        time.advanceTimeBy(Duration.ofMinutes(30));
        assertThat(budgets.allows("openai")).as("next hour").isTrue();
        budgets.record("openai", usd("7.5"));
        assertThat(budgets.allows("openai")).as("9.5 of 10 this month, 7.5 of 2 this hour").isFalse();

        time.advanceTimeBy(Duration.ofHours(1));
        assertThat(budgets.allows("openai")).as("9.5 of 10 this month, nothing this hour").isTrue();
        budgets.record("openai", usd("0.5"));
        assertThat(budgets.allows("openai")).isFalse();

        time.advanceTimeTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(budgets.allows("openai")).as("a new month").isTrue();
        assertThat(budgets.status()).extracting(BudgetStatus::spentUsd).containsExactly(BigDecimal.ZERO, BigDecimal.ZERO);
    }

    @Test
    void crossingEightyPercentWarnsOncePerPeriod() {
        BudgetTracker budgets = tracker(BudgetConfig.custom().limit("openai", usd("10"), BudgetPeriod.DAY).build());

        budgets.record("openai", usd("7.99"));
        assertThat(warnings()).isEmpty();
        budgets.record("openai", usd("0.01"));
        budgets.record("openai", usd("0.50"));
        budgets.record("openai", usd("0.50"));
        assertThat(warnings()).containsExactly("Provider openai has spent 80% of its day budget (8.00 of 10 USD)");
        assertThat(budgets.status().get(0).spentRatio()).isEqualTo(0.9);

        budgets.record("openai", usd("1.50"));
        assertThat(warnings()).hasSize(2).last().asString()
                .isEqualTo("Provider openai has spent its day budget (10.50 of 10 USD): it is skipped until the period ends");
        assertThat(budgets.status().get(0).exhausted()).isTrue();

        time.advanceTimeBy(Duration.ofDays(1));
        budgets.record("openai", usd("9"));
        assertThat(warnings()).hasSize(3).last().asString().startsWith("Provider openai has spent 80%");
    }

    @Test
    void concurrentCostsAreNeitherLostNorWarnedTwice() {
        BudgetTracker budgets = tracker(BudgetConfig.custom().limit("openai", usd("1000"), BudgetPeriod.DAY).build());

        Flux.range(0, 1000).parallel(4).runOn(Schedulers.parallel())
                .doOnNext(i -> budgets.record("openai", usd("0.9")))
                .sequential().blockLast(Duration.ofSeconds(30));

        assertThat(budgets.status().get(0).spentUsd()).isEqualByComparingTo("900");
        assertThat(warnings()).hasSize(1);
    }

    @Test
    void theDefaultClockIsTheParallelSchedulersSoVirtualTimeDrivesIt() {
        VirtualTimeScheduler virtual = VirtualTimeScheduler.getOrSet();
        try {
            virtual.advanceTimeTo(NOV_25_2026_2230);
            BudgetTracker budgets = BudgetTracker.of(BudgetConfig.custom()
                    .limit("openai", usd("1"), BudgetPeriod.HOUR).build());
            budgets.record("openai", usd("1"));
            assertThat(budgets.allows("openai")).isFalse();

            virtual.advanceTimeBy(Duration.ofMinutes(30));
            assertThat(budgets.allows("openai")).isTrue();
        } finally {
            VirtualTimeScheduler.reset();
        }
    }

    @Test
    void aCustomStoreReceivesEveryCostInItsWindow() {
        BudgetStore inner = BudgetStore.inMemory();
        java.util.List<BudgetWindow> seen = new java.util.ArrayList<>();
        BudgetStore recording = new BudgetStore() {
            @Override
            public BigDecimal add(BudgetWindow window, BigDecimal amountUsd) {
                seen.add(window);
                return inner.add(window, amountUsd);
            }

            @Override
            public BigDecimal spent(BudgetWindow window) {
                return inner.spent(window);
            }
        };
        BudgetTracker budgets = BudgetTracker.builder(BudgetConfig.custom()
                .limit("anthropic", usd("5"), BudgetPeriod.MONTH).build()).store(recording).clock(time).build();

        budgets.record("anthropic", usd("0.25"));
        budgets.record("openai", usd("0.25"));

        assertThat(seen).containsExactly(
                new BudgetWindow("anthropic", BudgetPeriod.MONTH, Instant.parse("2026-11-01T00:00:00Z")));
    }

    @Test
    void badBudgetsAreRejectedSayingWhatToFix() {
        assertThatThrownBy(() -> BudgetConfig.custom().limit("openai", usd("0"), BudgetPeriod.DAY))
                .hasMessage("the day budget of openai must be a positive amount of US dollars, was 0");
        assertThatThrownBy(() -> BudgetConfig.custom().limit("openai", usd("1"), BudgetPeriod.DAY)
                .limit("openai", usd("2"), BudgetPeriod.DAY))
                .hasMessageContaining("already has a day budget");
        assertThatThrownBy(() -> BudgetConfig.custom().warningRatio(1.5))
                .hasMessage("warningRatio must be above 0 and at most 1, was 1.5");
        BudgetTracker budgets = tracker(BudgetConfig.custom().limit("openai", usd("1"), BudgetPeriod.DAY).build());
        assertThatThrownBy(() -> budgets.record("openai", usd("-0.1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
    }

    @Test
    void reservationsCountAgainstTheBudgetUntilSettled() {
        BudgetTracker tracker = tracker(BudgetConfig.custom().limit("a", usd("1"), BudgetPeriod.DAY).build());

        BudgetTracker.Reservation first = tracker.reserve("a", usd("0.6")).orElseThrow();
        BudgetTracker.Reservation second = tracker.reserve("a", usd("0.6")).orElseThrow();
        assertThat(tracker.reserve("a", usd("0.1"))).as("1.2 committed of 1").isEmpty();
        assertThat(tracker.allows("a")).isFalse();

        first.settle(usd("0.1"));
        first.settle(usd("0.5"));
        assertThat(tracker.status().get(0).spentUsd()).as("settled once").isEqualByComparingTo("0.1");
        second.settle(BigDecimal.ZERO);
        assertThat(tracker.allows("a")).isTrue();
        assertThat(tracker.reserve("a", usd("0.1"))).isPresent();
    }

    @Test
    void aRefusedReservationHoldsNothingOnTheProvidersOtherBudgets() {
        BudgetStore store = BudgetStore.inMemory();
        BudgetTracker tracker = BudgetTracker.builder(BudgetConfig.custom()
                .limit("a", usd("10"), BudgetPeriod.DAY).limit("a", usd("1"), BudgetPeriod.MONTH).build())
                .store(store).clock(time).build();
        tracker.record("a", usd("1"));

        assertThat(tracker.reserve("a", usd("0.5"))).isEmpty();
        BudgetWindow day = new BudgetWindow("a", BudgetPeriod.DAY, BudgetPeriod.DAY.startOf(NOV_25_2026_2230));
        assertThat(store.reserved(day)).isZero();
    }

    @Test
    void aReservationOutlivingItsPeriodIsGoneWithItAndItsCostCountsInTheNewOne() {
        BudgetStore store = BudgetStore.inMemory();
        BudgetTracker tracker = BudgetTracker.builder(BudgetConfig.custom().limit("a", usd("1"), BudgetPeriod.DAY)
                .build()).store(store).clock(time).build();
        BudgetTracker.Reservation reservation = tracker.reserve("a", usd("0.9")).orElseThrow();

        time.advanceTimeBy(Duration.ofHours(2));
        reservation.settle(usd("0.3"));

        BudgetWindow tomorrow = new BudgetWindow("a", BudgetPeriod.DAY,
                BudgetPeriod.DAY.startOf(NOV_25_2026_2230.plus(Duration.ofHours(2))));
        assertThat(store.spent(tomorrow)).isEqualByComparingTo("0.3");
        assertThat(store.reserved(tomorrow)).isZero();
    }

    @Test
    void aProviderWithoutABudgetNeedsNoRoom() {
        BudgetTracker tracker = tracker(BudgetConfig.custom().limit("a", usd("1"), BudgetPeriod.DAY).build());

        assertThat(tracker.hasBudget("b")).isFalse();
        assertThat(tracker.reserve("b", usd("100"))).isPresent();
    }
}
