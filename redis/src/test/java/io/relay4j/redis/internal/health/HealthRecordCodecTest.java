package io.relay4j.redis.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.error.ErrorType;
import io.relay4j.core.health.EjectionReason;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.spi.HealthRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealthRecordCodecTest {

    private static final Instant AT = Instant.parse("2026-11-30T19:00:00.123456789Z");

    @Test
    void roundTripsEveryField() {
        HealthRecord record = HealthRecord.builder("openai-eu", HealthState.COOLING_DOWN, AT)
                .until(AT.plusSeconds(30).plusNanos(7)).trips(3).consecutiveFailures(5)
                .lastError(ErrorType.POLICY_VIOLATION).reason(EjectionReason.IMMEDIATE).origin("pod-7").build();

        assertThat(HealthRecordCodec.decode(HealthRecordCodec.encode(record))).contains(record);
    }

    @Test
    void roundTripsHealthyWithoutOptionalFields() {
        HealthRecord record = HealthRecord.builder("p", HealthState.HEALTHY, AT).build();

        String text = HealthRecordCodec.encode(record);

        assertThat(text).isEqualTo("1;1796065200123456789;HEALTHY;0000000000000000000;0;0;-;-;;p");
        assertThat(HealthRecordCodec.decode(text)).contains(record);
    }

    @Test
    void escapesSeparatorsPercentAndControlCharactersInNames() {
        HealthRecord record = HealthRecord.builder("we;ird%name\nx", HealthState.DISABLED, AT)
                .reason(EjectionReason.DISABLED).origin("host;1%").build();

        String text = HealthRecordCodec.encode(record);

        assertThat(text.split(";", -1)).hasSize(10);
        assertThat(text).doesNotContain("\n");
        assertThat(HealthRecordCodec.decode(text)).contains(record);
    }

    @Test
    void timesCompareAsStringsInTheirNumericOrder() {
        assertThat(HealthRecordCodec.time(AT.plusNanos(1)).compareTo(HealthRecordCodec.time(AT))).isPositive();
        assertThat(HealthRecordCodec.time(Instant.EPOCH)).isEqualTo("0000000000000000000");
        assertThat(HealthRecordCodec.time(Instant.MAX)).isEqualTo(String.valueOf(Long.MAX_VALUE));
    }

    @Test
    void skipsUnknownVersionsAndMalformedText() {
        assertThat(HealthRecordCodec.decode("2;1795978800123456789;HEALTHY;0000000000000000000;0;0;-;-;;p")).isEmpty();
        assertThat(HealthRecordCodec.decode("1;12;HEALTHY")).isEmpty();
        assertThat(HealthRecordCodec.decode("1;1795978800123456789;HALF_OPEN;0000000000000000000;0;0;-;-;;p"))
                .isEmpty();
        assertThat(HealthRecordCodec.decode(null)).isEmpty();
    }

    @Test
    void readsAnErrorTypeItDoesNotKnowAsAbsent() {
        assertThat(HealthRecordCodec.decode(
                "1;1795978800123456789;COOLING_DOWN;1795978900000000000;1;1;NEW_KIND;IMMEDIATE;o;p"))
                .hasValueSatisfying(r -> {
                    assertThat(r.lastError()).isEmpty();
                    assertThat(r.reason()).contains(EjectionReason.IMMEDIATE);
                });
    }
}
