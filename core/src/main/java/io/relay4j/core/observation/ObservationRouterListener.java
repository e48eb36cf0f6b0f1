package io.relay4j.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.relay4j.core.Attempt;
import io.relay4j.core.cost.PricingTable;
import io.relay4j.core.event.RouterEvent;
import io.relay4j.core.event.RouterEvent.AttemptFinished;
import io.relay4j.core.event.RouterEvent.AttemptStarted;
import io.relay4j.core.event.RouterEvent.RequestFinished;
import io.relay4j.core.event.RouterEvent.RequestStarted;
import io.relay4j.core.event.RouterListener;
import io.relay4j.core.internal.telemetry.ModelTag;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Makes a Micrometer {@link Observation} (a span, with a tracing bridge) per request and per
 * provider call, driven by router events: a request's observation starts on {@link RequestStarted}
 * and stops on {@link RequestFinished}; an attempt's starts on {@link AttemptStarted} and stops on
 * {@link AttemptFinished}, as a child of its request. Skipped providers are events on the request. A
 * request's observation is a child of the caller's current observation, taken from the Reactor context the
 * request was subscribed with (where Micrometer's context propagation and Spring WebFlux put it, under
 * {@code ObservationThreadLocalAccessor.KEY}), so the LLM call shows up in the caller's trace; without one
 * there, the observation open on the subscribing thread, if any, is the parent.
 *
 * <p>Guarantees: no observation stays open past its request: a request's end stops every attempt
 * still open (outcome {@code cancelled}). At most {@code maxOpenRequests} requests are observed at
 * once; beyond that, new requests go unobserved rather than growing memory. No scope is opened, so
 * no thread-local state leaks across the threads events arrive on. Key values are described in
 * {@link RouterObservationDocumentation}; conventions are replaceable.
 */
public final class ObservationRouterListener implements RouterListener {

    /**
     * Where the caller's current observation sits in the Reactor context: the value of Micrometer's
     * {@code ObservationThreadLocalAccessor.KEY}, written out so that this class does not need the
     * context-propagation library at run time.
     */
    static final String CALLER_OBSERVATION_KEY = "micrometer.observation";

    /** The default bound on requests observed at the same time. */
    public static final int DEFAULT_MAX_OPEN_REQUESTS = 10_000;

    private static final RequestObservationConvention DEFAULT_REQUEST = new DefaultRequestObservationConvention();
    private static final AttemptObservationConvention DEFAULT_ATTEMPT = new DefaultAttemptObservationConvention();

    /** One observed request and its open attempts, keyed by provider name. */
    private record OpenRequest(Observation observation, ConcurrentMap<String, Observation> attempts) {
    }

    private final ObservationRegistry registry;
    private final RequestObservationConvention requestConvention;
    private final AttemptObservationConvention attemptConvention;
    private final int maxOpenRequests;
    private final PricingTable pricing;
    private final ConcurrentMap<Long, OpenRequest> open = new ConcurrentHashMap<>();

    private ObservationRouterListener(Builder builder) {
        this.registry = builder.registry;
        this.requestConvention = builder.requestConvention;
        this.attemptConvention = builder.attemptConvention;
        this.maxOpenRequests = builder.maxOpenRequests;
        this.pricing = builder.pricing;
    }

    public static Builder builder(ObservationRegistry registry) {
        return new Builder(registry);
    }

    /** How many requests are being observed now. */
    public int openRequests() {
        return open.size();
    }

    @Override
    public void onEvent(RouterEvent event) {
        if (registry.isNoop()) {
            return;
        }
        if (event instanceof RequestStarted started) {
            start(started);
        } else if (event instanceof AttemptStarted started) {
            start(started);
        } else if (event instanceof AttemptFinished finished) {
            finish(finished);
        } else if (event instanceof RequestFinished finished) {
            finish(finished);
        }
    }

    private void start(RequestStarted event) {
        if (open.size() >= maxOpenRequests) {
            return;
        }
        RequestObservationContext context = new RequestObservationContext(event.requestId(), event.operation(),
                event.request().model());
        Observation observation = RouterObservationDocumentation.REQUEST
                .observation(requestConvention, DEFAULT_REQUEST, () -> context, registry);
        callerObservation(event).ifPresent(observation::parentObservation);
        observation.start();
        OpenRequest previous = open.put(event.requestId(), new OpenRequest(observation, new ConcurrentHashMap<>()));
        if (previous != null) {
            abandon(previous);
        }
    }

    private static Optional<Observation> callerObservation(RequestStarted event) {
        return event.callerContext()
                .flatMap(context -> context.getOrEmpty(CALLER_OBSERVATION_KEY))
                .filter(Observation.class::isInstance)
                .map(Observation.class::cast);
    }

    private void start(AttemptStarted event) {
        OpenRequest request = open.get(event.requestId());
        if (request == null) {
            return;
        }
        Observation attempt = startAttempt(request, new AttemptObservationContext(event.requestId(),
                event.operation(), event.provider(), event.kind(), event.info(), event.requestedModel()));
        Observation previous = request.attempts().put(event.provider(), attempt);
        if (previous != null) {
            abandonAttempt(previous);
        }
    }

    private Observation startAttempt(OpenRequest request, AttemptObservationContext context) {
        return RouterObservationDocumentation.ATTEMPT
                .observation(attemptConvention, DEFAULT_ATTEMPT, () -> context, registry)
                .parentObservation(request.observation())
                .start();
    }

    private void finish(AttemptFinished event) {
        OpenRequest request = open.get(event.requestId());
        if (request == null) {
            return;
        }
        Attempt attempt = event.attempt();
        if (attempt.outcome() == Attempt.Outcome.SKIPPED) {
            String reason = attempt.skipReason().map(r -> r.name().toLowerCase(Locale.ROOT)).orElse("skipped");
            request.observation().event(Observation.Event.of("relay4j.attempt.skipped",
                    "skipped " + attempt.provider() + ": " + reason));
            return;
        }
        Observation observation = request.attempts().remove(attempt.provider());
        if (observation == null) {
            // the router did not report the start: keep the call visible, with no duration
            observation = startAttempt(request, new AttemptObservationContext(event.requestId(), event.operation(),
                    attempt.provider(), attempt.kind(), event.provider(), event.requestedModel()));
        }
        if (observation.getContext() instanceof AttemptObservationContext context) {
            context.finish(event, ModelTag.responded(pricing, event.provider(), event.requestedModel(),
                    event.responseModel()));
        }
        attempt.error().ifPresent(observation::error);
        observation.stop();
    }

    private void finish(RequestFinished event) {
        OpenRequest request = open.remove(event.requestId());
        if (request == null) {
            return;
        }
        if (request.observation().getContext() instanceof RequestObservationContext context) {
            context.finish(event);
        }
        request.attempts().values().forEach(ObservationRouterListener::abandonAttempt);
        request.observation().stop();
    }

    private static void abandon(OpenRequest request) {
        request.attempts().values().forEach(ObservationRouterListener::abandonAttempt);
        request.observation().stop();
    }

    private static void abandonAttempt(Observation attempt) {
        // an observation a predicate turned off is a no-op with a context of its own
        if (attempt.getContext() instanceof AttemptObservationContext context) {
            context.abandon();
        }
        attempt.stop();
    }

    /** Configures an {@link ObservationRouterListener}. */
    public static final class Builder {

        private final ObservationRegistry registry;
        private RequestObservationConvention requestConvention;
        private AttemptObservationConvention attemptConvention;
        private int maxOpenRequests = DEFAULT_MAX_OPEN_REQUESTS;
        private PricingTable pricing = PricingTable.defaults();

        private Builder(ObservationRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry must not be null");
        }

        /** Replaces the default request convention (null keeps the default, or the registry's global one). */
        public Builder requestConvention(RequestObservationConvention convention) {
            this.requestConvention = convention;
            return this;
        }

        /** Replaces the default attempt convention (null keeps the default, or the registry's global one). */
        public Builder attemptConvention(AttemptObservationConvention convention) {
            this.attemptConvention = convention;
            return this;
        }

        /** At most this many requests are observed at once (default {@value ObservationRouterListener#DEFAULT_MAX_OPEN_REQUESTS}). */
        public Builder maxOpenRequests(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxOpenRequests must be at least 1, was " + max);
            }
            this.maxOpenRequests = max;
            return this;
        }

        /**
         * The pricing table whose models the {@code gen_ai.response.model} key may take (the router passes its
         * own); by default {@link PricingTable#defaults()}. See {@link AttemptObservationContext#responseModel()}.
         */
        public Builder pricing(PricingTable pricing) {
            this.pricing = Objects.requireNonNull(pricing, "pricing table must not be null");
            return this;
        }

        public ObservationRouterListener build() {
            return new ObservationRouterListener(this);
        }

    }
}
