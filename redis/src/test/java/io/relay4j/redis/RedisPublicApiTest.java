package io.relay4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.testing.PublicApiCheck;
import org.junit.jupiter.api.Test;

class RedisPublicApiTest {

    @Test
    void noPublicSignatureNamesAnInternalType() {
        assertThat(PublicApiCheck.violationsInModuleOf(RedisFleet.class)).isEmpty();
    }

    @Test
    void theReadmesModuleTableGivesThisModulesPublicTypeCount() {
        assertThat(PublicApiCheck.publicApiTypes(RedisFleet.class))
                .as("user-reachable public types of relay4j-redis (README's module table)")
                .hasSize(PublicApiCheck.readmeCount("redis"));
    }
}
