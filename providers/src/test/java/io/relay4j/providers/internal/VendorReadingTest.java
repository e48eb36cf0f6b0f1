package io.relay4j.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class VendorReadingTest {

    @Test
    void aStatusReadingLeavesTheQuotaToTheTableAndARateLimitSettlesIt() {
        assertThat(VendorReading.status(403)).isEqualTo(new VendorReading(403, Optional.empty()));
        assertThat(VendorReading.rateLimited(true)).isEqualTo(new VendorReading(429, Optional.of(true)));
    }

    @Test
    void onlyHttpStatusesAndOnlyRateLimitsWithAQuotaAnswerAreAccepted() {
        assertThatThrownBy(() -> VendorReading.status(99)).hasMessageContaining("100-599, got 99");
        assertThatThrownBy(() -> VendorReading.status(600)).hasMessageContaining("100-599, got 600");
        assertThatThrownBy(() -> new VendorReading(402, Optional.of(true)))
                .hasMessageContaining("only a 429 reading may settle whether the quota is spent");
    }
}
