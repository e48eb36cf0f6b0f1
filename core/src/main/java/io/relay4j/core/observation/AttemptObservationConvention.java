package io.relay4j.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names an attempt observation and its key values. Implement it (or extend
 * {@link DefaultAttemptObservationConvention}) to add or rename keys; never add prompt or answer text.
 */
public interface AttemptObservationConvention extends ObservationConvention<AttemptObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof AttemptObservationContext;
    }
}
