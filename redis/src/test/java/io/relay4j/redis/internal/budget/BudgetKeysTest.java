package io.relay4j.redis.internal.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.budget.BudgetPeriod;
import io.relay4j.core.budget.BudgetWindow;
import io.relay4j.redis.internal.FleetKeys;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BudgetKeysTest {

    private final BudgetKeys keys = new BudgetKeys(new FleetKeys("checkout"));

    @Test
    void aWindowsKeyNamesItBackEvenWhenTheProviderNameHasColons() {
        BudgetWindow window = new BudgetWindow("azure:east:gpt", BudgetPeriod.MONTH,
                Instant.parse("2026-11-01T00:00:00Z"));

        String key = keys.key(window);

        assertThat(key).isEqualTo("relay4j:{checkout}:budget:azure:east:gpt:month:1793491200");
        assertThat(keys.window(key)).contains(window);
        assertThat(new BudgetKeys(new FleetKeys("other")).window(key)).isEmpty();
        assertThat(keys.window("relay4j:{checkout}:budget:nonsense")).isEmpty();
    }

    @Test
    void aWindowsHashExpiresADayAfterTheWindowEnds() {
        BudgetWindow february = new BudgetWindow("openai", BudgetPeriod.MONTH, Instant.parse("2028-02-01T00:00:00Z"));

        assertThat(BudgetKeys.expiry(february)).isEqualTo(Instant.parse("2028-03-02T00:00:00Z"));
    }

    @Test
    void aChangeNoticeCarriesTheMembersValues() {
        String key = keys.key(new BudgetWindow("openai", BudgetPeriod.DAY, Instant.parse("2026-12-01T00:00:00Z")));

        var notice = BudgetSyncScript.notice(key + "\na#1234\n500\n20\n7", 99).orElseThrow();

        assertThat(notice.key()).isEqualTo(key);
        assertThat(notice.member()).isEqualTo("a#1234");
        assertThat(notice.peer()).isEqualTo(new Peer(500, 20, 7, 99));
        assertThat(BudgetSyncScript.notice("garbage", 0)).isEmpty();
    }
}
