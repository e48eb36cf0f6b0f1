package io.relay4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.relay4j.core.testing.PublicApiCheck;
import org.junit.jupiter.api.Test;

class RedisPublicApiTest {

    @Test
    void noPublicSignatureNamesAnInternalType() {
        assertThat(PublicApiCheck.violationsInModuleOf(RedisFleet.class)).isEmpty();
    }
}
