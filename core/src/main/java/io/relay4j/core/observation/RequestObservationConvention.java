package io.relay4j.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names a request observation and its key values. Implement it (or extend
 * {@link DefaultRequestObservationConvention}) to add or rename keys; never add prompt or answer text.
 */
public interface RequestObservationConvention extends ObservationConvention<RequestObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof RequestObservationContext;
    }
}
