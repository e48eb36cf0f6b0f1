package io.relay4j.redis.internal.health;

import io.relay4j.core.spi.HealthRecord;
import java.util.Optional;

/** Lets tests outside this package read a stored record as the store does. */
public final class StoredRecords {

    private StoredRecords() {
    }

    public static Optional<HealthRecord> decode(String text) {
        return HealthRecordCodec.decode(text);
    }
}
