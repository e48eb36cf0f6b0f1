package io.relay4j.simulator;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

    @Test
    void requestWindowCoversItsHalfOpenRangeOfIndexes() {
        FaultSchedule schedule = FaultSchedule.builder().forRequests(3, 5, Fault.SERVER_ERROR_500).build();

        assertThat(schedule.faultAt(2, Duration.ZERO)).isEmpty();
        assertThat(schedule.faultAt(3, Duration.ZERO)).contains(Fault.SERVER_ERROR_500);
        assertThat(schedule.faultAt(4, ofSeconds(100))).contains(Fault.SERVER_ERROR_500);
        assertThat(schedule.faultAt(5, Duration.ZERO)).isEmpty();
    }

    @Test
    void timeWindowAndOpenEndedWindow() {
        FaultSchedule schedule = FaultSchedule.builder()
                .between(ofSeconds(10), ofSeconds(20), Fault.BAN_403)
                .from(ofSeconds(60), Fault.QUOTA_EXHAUSTED)
                .build();

        assertThat(schedule.faultAt(0, ofMillis(9_999))).isEmpty();
        assertThat(schedule.faultAt(0, ofSeconds(10))).contains(Fault.BAN_403);
        assertThat(schedule.faultAt(0, ofSeconds(20))).isEmpty();
        assertThat(schedule.faultAt(0, Duration.ofDays(365))).contains(Fault.QUOTA_EXHAUSTED);
    }

    @Test
    void burstsRepeatEveryPeriodFromTheirStart() {
        FaultSchedule schedule = FaultSchedule.builder()
                .bursts(Fault.RATE_LIMIT_429, ofSeconds(30), ofSeconds(8), ofSeconds(2))
                .build();

        assertThat(schedule.faultAt(0, ofSeconds(29))).isEmpty();
        assertThat(schedule.faultAt(0, ofSeconds(31))).contains(Fault.RATE_LIMIT_429);
        assertThat(schedule.faultAt(0, ofSeconds(32))).isEmpty();
        assertThat(schedule.faultAt(0, ofSeconds(38))).contains(Fault.RATE_LIMIT_429);
        assertThat(schedule.faultAt(0, ofMillis(45_999))).isEmpty();
        assertThat(schedule.faultAt(0, ofSeconds(46))).contains(Fault.RATE_LIMIT_429);
        assertThat(schedule.faultAt(0, ofMillis(47_999))).contains(Fault.RATE_LIMIT_429);
        assertThat(schedule.faultAt(0, ofSeconds(48))).isEmpty();
    }

    @Test
    void theWindowAddedFirstWinsWhereWindowsOverlap() {
        FaultSchedule schedule = FaultSchedule.builder()
                .forRequests(0, 10, Fault.OVERLOADED_529)
                .between(Duration.ZERO, ofSeconds(5), Fault.BAN_403)
                .build();

        assertThat(schedule.faultAt(1, ofSeconds(1))).isEqualTo(Optional.of(Fault.OVERLOADED_529));
        assertThat(schedule.faultAt(11, ofSeconds(1))).isEqualTo(Optional.of(Fault.BAN_403));
        assertThat(FaultSchedule.none().isEmpty()).isTrue();
        assertThat(FaultSchedule.builder().build()).isSameAs(FaultSchedule.none());
    }

    @Test
    void invalidWindowsAreRejectedWithWhatToFix() {
        assertThatThrownBy(() -> FaultSchedule.builder().forRequests(5, 2, Fault.BAN_403))
                .hasMessageContaining("0 <= fromIndex <= untilIndex");
        assertThatThrownBy(() -> FaultSchedule.builder().between(ofSeconds(5), ofSeconds(1), Fault.BAN_403))
                .hasMessageContaining("from <= until");
        assertThatThrownBy(() -> FaultSchedule.builder().bursts(Fault.BAN_403, ofSeconds(1), ofSeconds(2)))
                .hasMessageContaining("length <= period");
        assertThatThrownBy(() -> FaultSchedule.builder().bursts(Fault.BAN_403, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("positive period");
    }
}
