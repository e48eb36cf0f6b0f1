package io.relay4j.core.event;

import io.relay4j.core.Attempt;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.health.EjectionReason;
import io.relay4j.core.health.HealthState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import reactor.util.context.ContextView;

/**
 * What the router reports to {@link RouterListener}s. Events hold no prompt or answer text;
 * {@link LlmRequest} is passed for its settings and metadata only, and its {@code toString} hides content.
 */
public sealed interface RouterEvent {

    /**
     * A request entered the router.
     *
     * @param callerContext the Reactor context of the subscriber that started the request, when it had one:
     *                      what the caller carries along (its current observation under Micrometer's
     *                      {@code ObservationThreadLocalAccessor.KEY}, say, so that the request's observation
     *                      joins the caller's trace). Left out of {@link #toString()}: a context may hold
     *                      anything, credentials included.
     */
    record RequestStarted(long requestId, Operation operation, LlmRequest request,
                          Optional<ContextView> callerContext) implements RouterEvent {

        public RequestStarted {
            java.util.Objects.requireNonNull(callerContext, "callerContext must not be null (Optional.empty())");
        }

        /** A request started without a subscriber context. */
        public RequestStarted(long requestId, Operation operation, LlmRequest request) {
            this(requestId, operation, request, Optional.empty());
        }

        @Override
        public String toString() {
            return "RequestStarted[requestId=" + requestId + ", operation=" + operation + ", request=" + request + "]";
        }
    }

    /**
     * An attempt is about to call a provider (skipped attempts have no start, only an
     * {@link AttemptFinished}). Lets listeners time the call, for example as a tracing span.
     *
     * @param provider       the provider's name, as named on the router
     * @param requestedModel the model the attempt asks the provider for, if the request named one: the model
     *                       the provider's alias maps to, a model a provider declares, or, for a name no
     *                       provider declares, the pricing table's model for it; empty otherwise (the provider's
     *                       configured model), so it is a bounded value, never a caller's arbitrary string
     */
    record AttemptStarted(long requestId, Operation operation, String provider, Attempt.Kind kind,
                          ProviderInfo info, Optional<String> requestedModel) implements RouterEvent {
    }

    /**
     * One attempt ended (success, failure, skip or cancel).
     *
     * @param requestedModel as for {@link AttemptStarted#requestedModel()}
     * @param responseModel the model the vendor said served it, on success
     * @param timeToFirstChunk for streams, the time from the attempt's start to its first text chunk
     */
    record AttemptFinished(long requestId, Operation operation, Attempt attempt, ProviderInfo provider,
                           Optional<String> requestedModel, Optional<String> responseModel,
                           Optional<Duration> timeToFirstChunk) implements RouterEvent {
    }

    /**
     * The request moved from one provider to the next.
     *
     * @param reason why it left {@code from}: an error type's tag, or a skip reason in lower case
     */
    record Fallback(long requestId, String from, String to, String reason) implements RouterEvent {
    }

    /**
     * A provider's health state changed.
     *
     * @param cause the error type that caused it, for transitions to {@code COOLING_DOWN}
     */
    record StateTransition(String provider, HealthState from, HealthState to, Optional<Duration> cooldown,
                           Optional<ErrorType> cause) implements RouterEvent {
    }

    /**
     * The router took a provider out of rotation (it went from healthy or half-open to cooling down). Sent after
     * the {@link StateTransition}, with why.
     *
     * @param from        the state it left: healthy, or half-open when its probe failed
     * @param reason      why: an outlier threshold, a fault that ejects at once, a rate limit or a failed probe
     * @param cause       the error type of the failure that ejected it
     * @param cooldown    how long it is left alone before its probe
     * @param failureRate the share (0 to 1) of failed calls in its outlier window when it was ejected
     */
    record ProviderEjected(String provider, HealthState from, EjectionReason reason, Optional<ErrorType> cause, Duration cooldown,
                           double failureRate) implements RouterEvent {
    }

    /**
     * A provider came back into rotation: its half-open probe succeeded (or a panic call did), or an operator
     * enabled it. Sent after the {@link StateTransition}.
     *
     * @param from      the state it left: half-open, cooling down (a panic call) or disabled
     * @param slowStart how long it takes to get its whole share of the requests back; zero when at once
     */
    record ProviderReturned(String provider, HealthState from, Duration slowStart) implements RouterEvent {
    }

    /**
     * A provider's stream sent an event that could not be parsed, and it was skipped rather than
     * failing the stream. Carries no event content.
     */
    record MalformedEventSkipped(long requestId, String provider) implements RouterEvent {
    }

    /**
     * A provider's concurrency limit was set (as the provider was added with a limit) or moved (an
     * {@link io.relay4j.core.router.AdaptiveConcurrency adaptive} limit learning what the vendor takes).
     *
     * @param previous the limit before, 0 when it was just {@link Cause#CONFIGURED configured}
     * @param limit    the most calls in progress to the provider at once from now on
     */
    record ConcurrencyLimitChanged(String provider, int previous, int limit, Cause cause) implements RouterEvent {

        /** What moved the limit. */
        public enum Cause {
            /** The provider was added with this limit. */
            CONFIGURED,
            /** Calls kept succeeding with the limit in use. */
            INCREASED,
            /** The vendor throttled (a 429 that is not a spent quota) or said it was overloaded. */
            THROTTLED,
            /** A successful answer's rate-limit headers showed the vendor's window almost spent. */
            RATE_LIMIT_HEADERS,
            /** The recent latency rose well above its baseline. */
            LATENCY
        }
    }

    /**
     * A request left the router, answered or failed.
     *
     * @param servedBy  the provider that answered, if any
     * @param errorType the final error's type, if it failed
     * @param total     from entering the router to the answer or error
     * @param overhead  the part of {@code total} spent outside provider calls (routing, backoff excluded)
     */
    record RequestFinished(long requestId, Operation operation, Optional<String> servedBy,
                           Optional<ErrorType> errorType, Duration total, Duration overhead,
                           List<Attempt> attempts) implements RouterEvent {
    }
}
