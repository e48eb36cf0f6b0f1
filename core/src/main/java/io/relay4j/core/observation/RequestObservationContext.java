package io.relay4j.core.observation;

import io.micrometer.observation.Observation;
import io.relay4j.core.event.Operation;
import io.relay4j.core.event.RouterEvent.RequestFinished;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request observation knows: its id and operation from the start, the finished request
 * once it ends. Holds no prompt or answer text.
 */
public final class RequestObservationContext extends Observation.Context {

    private final long requestId;
    private final Operation operation;
    private final Optional<String> requestedModel;
    private volatile Optional<RequestFinished> finished = Optional.empty();

    RequestObservationContext(long requestId, Operation operation, Optional<String> requestedModel) {
        this.requestId = requestId;
        this.operation = Objects.requireNonNull(operation, "operation");
        this.requestedModel = Objects.requireNonNull(requestedModel, "requestedModel");
    }

    public long requestId() {
        return requestId;
    }

    public Operation operation() {
        return operation;
    }

    /** The model the request asked for, when it overrode the providers' defaults. */
    public Optional<String> requestedModel() {
        return requestedModel;
    }

    /** How the request ended; empty while it runs. */
    public Optional<RequestFinished> finished() {
        return finished;
    }

    void finish(RequestFinished event) {
        this.finished = Optional.of(event);
    }
}
