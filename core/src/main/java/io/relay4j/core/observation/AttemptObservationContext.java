package io.relay4j.core.observation;

import io.micrometer.observation.Observation;
import io.relay4j.core.Attempt;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.event.Operation;
import io.relay4j.core.event.RouterEvent.AttemptFinished;
import java.util.Objects;
import java.util.Optional;

/** What an attempt observation knows: which provider is called and why, then how the call ended. */
public final class AttemptObservationContext extends Observation.Context {

    private final long requestId;
    private final Operation operation;
    private final String provider;
    private final Attempt.Kind kind;
    private final ProviderInfo info;
    private final Optional<String> requestedModel;
    private volatile Optional<AttemptFinished> finished = Optional.empty();
    private volatile Optional<String> responseModel = Optional.empty();
    private volatile boolean abandoned;

    AttemptObservationContext(long requestId, Operation operation, String provider, Attempt.Kind kind,
                              ProviderInfo info, Optional<String> requestedModel) {
        this.requestId = requestId;
        this.operation = Objects.requireNonNull(operation, "operation");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.info = Objects.requireNonNull(info, "info");
        this.requestedModel = Objects.requireNonNull(requestedModel, "requestedModel");
    }

    public long requestId() {
        return requestId;
    }

    public Operation operation() {
        return operation;
    }

    /** The provider's name on the router. */
    public String provider() {
        return provider;
    }

    public Attempt.Kind kind() {
        return kind;
    }

    /** The provider's vendor and default model. */
    public ProviderInfo info() {
        return info;
    }

    /** The model the request asked for, or else the provider's default. */
    public String requestModel() {
        return requestedModel.orElse(info.model());
    }

    /** How the call ended; empty while it runs (or when the request ended without reporting it). */
    public Optional<AttemptFinished> finished() {
        return finished;
    }

    /**
     * The model that answered, as a bounded key value: the pricing table's model when the table prices the id
     * the vendor reported, else the model asked for; never the reported string itself, which a server may
     * vary per call ({@link #finished()} keeps it). Empty while the call runs or when the vendor named none.
     */
    public Optional<String> responseModel() {
        return responseModel;
    }

    /** True when its request ended before the router reported how this call ended. */
    public boolean abandoned() {
        return abandoned;
    }

    void finish(AttemptFinished event, Optional<String> boundedResponseModel) {
        this.responseModel = boundedResponseModel;
        this.finished = Optional.of(event);
    }

    void abandon() {
        this.abandoned = true;
    }
}
