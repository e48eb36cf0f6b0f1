package io.relay4j.core;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.relay4j.core.budget.BudgetConfig;
import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.cost.PricingTable;
import io.relay4j.core.error.AllProvidersFailed;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.event.LoggingRouterListener;
import io.relay4j.core.event.RouterListener;
import io.relay4j.core.health.ProviderHealth;
import io.relay4j.core.internal.health.HealthGauges;
import io.relay4j.core.internal.hedging.HedgingPolicy;
import io.relay4j.core.internal.strategy.LatencyEwma;
import io.relay4j.core.internal.strategy.LatencyWindow;
import io.relay4j.core.internal.strategy.ProviderStatsRegistry;
import io.relay4j.core.metrics.MicrometerRouterListener;
import io.relay4j.core.observation.ObservationRouterListener;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.core.router.OutlierConfig;
import io.relay4j.core.router.ErrorPolicy;
import io.relay4j.core.router.HedgingConfig;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.core.router.RetryConfig;
import io.relay4j.core.router.RoutingStrategy;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.router.TimeoutConfig;
import io.relay4j.core.internal.router.Accounting;
import io.relay4j.core.internal.router.EventDispatcher;
import io.relay4j.core.internal.router.FailurePolicy;
import io.relay4j.core.internal.router.FleetLink;
import io.relay4j.core.internal.router.GenerateExecution;
import io.relay4j.core.internal.router.OrderingStrategy;
import io.relay4j.core.internal.router.ProviderRegistry;
import io.relay4j.core.internal.router.ProviderSlot;
import io.relay4j.core.internal.router.RouterClock;
import io.relay4j.core.internal.router.RouterCore;
import io.relay4j.core.internal.router.StreamExecution;
import io.relay4j.core.spi.HealthStore;
import io.relay4j.core.validation.OutputValidator;
import io.relay4j.core.validation.ToolArgumentsValidator;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Routes requests over several {@link LlmProvider}s and fails over within the same request when one bans,
 * throttles, slows down or breaks. Thread-safe; build one per application with {@link #builder()}.
 *
 * <p>What a caller can rely on:
 * <ul>
 *   <li>Nothing is called before subscription; each subscription routes the request anew, and cancelling it
 *       cancels the provider call in flight.</li>
 *   <li>Providers are tried in the strategy's order (priority order by default). Each error type's
 *       {@link ErrorPolicy} decides whether the request retries the same provider, falls over to the next or
 *       fails; one budget ({@link Builder#maxAttemptsPerRequest}) bounds all calls of a request.</li>
 *   <li>A provider that fails with a fault that says it cannot serve (a ban, a bad key, a spent quota, a missing
 *       model, a dead endpoint, a rate limit) cools down at once; ordinary noise (server errors, overloads,
 *       resets, timeouts) cools it down only when its recent failure rate or failures in a row stand out
 *       ({@link Builder#outliers}), and never more than a share of the providers at once. A cooling-down
 *       provider is skipped without a call, then gets one probe request and returns to service when it answers,
 *       with a slow start; no provider is dropped for good. When every provider is cooling down, a request
 *       still goes to the one that recovers soonest (panic mode), unless panic mode is off.</li>
 *   <li>A provider that fails with something other than an {@link io.relay4j.core.error.LlmException} (a bug)
 *       counts as a {@link io.relay4j.core.error.ServerError} of that provider, with the original as its cause.</li>
 *   <li>Every answer carries every attempt made (skips included) and the serving provider; when nothing could
 *       answer the error is {@link AllProvidersFailed}, holding every attempt and every error.</li>
 *   <li>Each attempt that reported usage carries its cost where the {@linkplain Builder#pricing pricing table}
 *       knows the model (never a guessed one), failed attempts included; a call cancelled (hedge loser,
 *       caller, deadline) or broken after text arrived carries estimated usage and cost
 *       ({@link Attempt#usageEstimated()}), since the vendor bills it. The answer's cost is that of the
 *       attempt that produced it. A call reserves its worst case on the provider's
 *       {@linkplain Builder#budgets budgets} when admitted and settles with its cost when it ends (see
 *       {@link BudgetTracker} for the overshoot bound); a provider whose budget is spent, counting
 *       reservations, is skipped without a call ({@link Attempt.SkipReason#OVER_BUDGET}), in panic mode too,
 *       until its period ends.</li>
 *   <li>A success is recorded (health, events, meters, budgets) only once it is the request's outcome: when
 *       the request deadline or a cancellation ends the request first, the answer is discarded and the call
 *       recorded as cancelled. An answer with no text, no tool call and no refusal signal is never a success
 *       (a {@code TOOL_CALLS} finish without a call included):
 *       it fails its attempt with {@link io.relay4j.core.error.EmptyAnswer} and the request falls over.</li>
 *   <li>An answer that fails the output validator fails its attempt with
 *       {@link io.relay4j.core.error.InvalidOutput} (its usage and cost kept) and the request falls over, within
 *       the attempt budget; it does not make the provider unhealthy. So does an invalid tool call (generate and
 *       stream): one naming a tool the request did not declare, arguments that are not a JSON object, or (with a
 *       {@linkplain Builder#toolArgumentsValidator tool-arguments validator}) arguments it rejects; a stream's call
 *       is checked when it is complete, before it is released, so an invalid call never reaches the consumer.</li>
 *   <li>A request that names a model ({@link LlmRequest#model()}) goes to the providers that declare it
 *       ({@linkplain ProviderOptions.Builder#alias aliases}, {@linkplain ProviderOptions.Builder#models models}),
 *       each asked for its own model id when the name is an alias; the others are skipped
 *       ({@link Attempt.SkipReason#MODEL_NOT_OFFERED}). A name no provider declares goes to every provider,
 *       and a {@link io.relay4j.core.error.ModelNotFound} for it is the request's fault: the request falls
 *       over, and no provider cools down.</li>
 *   <li>Providers can be disabled, enabled, added and removed while requests run.</li>
 *   <li>A provider at its {@linkplain ProviderOptions.Builder#concurrencyLimit concurrency limit} is skipped at
 *       once (recorded as a skip, not a failure); nothing waits in a queue.</li>
 *   <li>Every attempt and request is bounded by the router's {@linkplain Builder#timeouts deadlines} (first
 *       token, idle while the consumer waits, per attempt, per request; each per-attempt one overridable per
 *       provider with {@link ProviderOptions}), for {@code generate} and {@code stream} alike. A consumer that
 *       stops asking for more chunks is never a provider failure.</li>
 *   <li>With {@linkplain Builder#hedging hedging} on, a slow call is backed up by a call to the next provider in
 *       order; the first answer wins, the other calls are cancelled, hedges count against the attempt budget
 *       and are recorded as {@link Attempt.Kind#HEDGE} attempts.</li>
 *   <li>The router owns the providers given to it ({@link Builder#provider}, {@link #addProvider}): it closes
 *       each one when it is {@linkplain #removeProvider removed} or the router is {@linkplain #close() closed},
 *       after the calls in flight on it have ended. Share a provider between routers only if you close it
 *       yourself after the last of them, since the first router to close would close it.</li>
 * </ul>
 */
public final class LlmRouter implements AutoCloseable {

    private final RouterCore core;

    private LlmRouter(RouterCore core) {
        this.core = core;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Routes a request to one answer; see the class documentation for what is guaranteed.
     *
     * @throws IllegalStateException when the router is {@linkplain #close() closed}
     */
    public Mono<LlmResponse> generate(LlmRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        core.requireOpen();
        return GenerateExecution.generate(core, request);
    }

    /**
     * Routes a request to one answer that {@code validator} accepts, checked instead of the router's
     * {@linkplain Builder#outputValidator default validator} (combine them with {@link OutputValidator#and} to
     * apply both). An answer it rejects fails its attempt with {@link io.relay4j.core.error.InvalidOutput}.
     *
     * @throws IllegalStateException when the router is {@linkplain #close() closed}
     */
    public Mono<LlmResponse> generate(LlmRequest request, OutputValidator validator) {
        Objects.requireNonNull(request, "request must not be null");
        Objects.requireNonNull(validator, "validator must not be null");
        core.requireOpen();
        return GenerateExecution.generate(core, request, Optional.of(validator));
    }

    /**
     * Routes a request to a stream of chunks (text, reasoning, complete tool calls); the last chunk carries the
     * finish reason, usage, the whole answer's message as {@link #generate} returns it, the serving provider and
     * every attempt. Before the stream's commit point ({@link StreamConfig}: the first text, complete tool call or
     * requested argument fragment; reasoning never commits and is held until then) a failure falls over
     * invisibly, as for {@link #generate}, and nothing of the failed attempt reaches the consumer; after it the
     * stream ends with {@link io.relay4j.core.error.StreamInterrupted} carrying the text already emitted, or,
     * with resume on, continues on the next provider and emits only the new text (never after a tool call was
     * emitted: such a stream ends with {@code StreamInterrupted} listing the calls emitted by id and name, so no
     * call is repeated). A resumed stream's
     * last message holds the whole text the consumer received. A stream never ends silently truncated.
     * Cancelling the subscription cancels the provider's stream; a slow consumer slows the provider down
     * rather than making the router buffer. The last chunk's usage is what the serving provider reported for
     * its own call, and its cost that call's; each attempt carries its own usage and cost where known. The
     * output validator does not apply to streams: their text reaches the consumer as it is produced.
     *
     * @throws IllegalStateException when the router is {@linkplain #close() closed}
     */
    public Flux<LlmChunk> stream(LlmRequest request) {
        Objects.requireNonNull(request, "request must not be null");
        core.requireOpen();
        return StreamExecution.stream(core, request);
    }

    /** Takes a provider out of rotation until {@link #enable(String)}; requests skip it without a call. */
    public void disable(String providerName) {
        core.registry().require(providerName).health().disable();
    }

    /** Puts a disabled provider back into rotation as healthy. Enabling a provider that is not disabled does nothing. */
    public void enable(String providerName) {
        core.registry().require(providerName).health().enable();
    }

    /**
     * Adds a provider at the lowest priority, with {@link ProviderOptions#ofDefaults()} (the router's
     * deadlines, no concurrency limit); requests that start from now on may use it. The router owns it from
     * now on and closes it when it is removed or the router is closed.
     *
     * @throws IllegalStateException when the router is {@linkplain #close() closed} (the provider stays yours)
     */
    public void addProvider(LlmProvider provider) {
        addProvider(provider, ProviderOptions.ofDefaults());
    }

    /**
     * Adds a provider at the lowest priority with its own options (deadline overrides, concurrency limit),
     * exactly as {@link Builder#provider(LlmProvider, ProviderOptions)} would have; requests that start from
     * now on may use it.
     */
    public void addProvider(LlmProvider provider, ProviderOptions options) {
        core.registry().add(provider, options);
    }

    /**
     * Removes a provider and closes it: requests that start from now on do not use it, requests under way
     * pass it over, and calls in flight on it are not cut: the provider is {@linkplain LlmProvider#close()
     * closed} when the last of them ends (at once when none is in flight), without blocking the caller. The
     * last provider cannot be removed.
     */
    public void removeProvider(String providerName) {
        core.registry().remove(providerName);
    }

    /**
     * Closes the router, without blocking: from now on {@link #generate} and {@link #stream} throw an
     * {@link IllegalStateException}, and a {@code Mono} or {@code Flux} obtained before but subscribed after
     * fails with one. Requests under way are not cut, but start no further call; each provider is
     * {@linkplain LlmProvider#close() closed} (its connection pool released) once its calls in flight have
     * ended. The router keeps no thread or timer of its own: the timer thread its deadlines share stops once no
     * deadline has been pending for a second, and starts again with the next one. Idempotent; health and names can
     * still be read.
     */
    @Override
    public void close() {
        core.close();
    }

    /** The health of every provider, in priority order, at this moment. */
    public List<ProviderHealth> health() {
        long now = RouterClock.nanos();
        List<ProviderHealth> all = new ArrayList<>();
        for (ProviderSlot slot : core.registry().view().slots()) {
            all.add(slot.health().snapshot(now));
        }
        return all;
    }

    /** The health of one provider at this moment. */
    public ProviderHealth health(String providerName) {
        return core.registry().require(providerName).health().snapshot(RouterClock.nanos());
    }

    /** The providers' names, in priority order. */
    public List<String> providerNames() {
        List<String> names = new ArrayList<>();
        core.registry().view().slots().forEach(slot -> names.add(slot.name()));
        return names;
    }

    /** Builds an {@link LlmRouter}; everything is checked at {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final List<LlmProvider> providers = new ArrayList<>();
        private final List<ProviderOptions> providerOptions = new ArrayList<>();
        private final Map<ErrorType, ErrorPolicy> errorPolicies = new EnumMap<>(ErrorType.class);
        private final List<RouterListener> listeners = new ArrayList<>();
        private RetryConfig retry = RetryConfig.ofDefaults();
        private CooldownConfig cooldown = CooldownConfig.ofDefaults();
        private OutlierConfig outliers = OutlierConfig.ofDefaults();
        private TimeoutConfig timeouts = TimeoutConfig.ofDefaults();
        private StreamConfig streaming = StreamConfig.ofDefaults();
        private RoutingStrategy strategy = RoutingStrategy.priority();
        private int maxAttemptsPerRequest;
        private boolean panicMode = true;
        private boolean logging = true;
        private HedgingConfig hedging = HedgingConfig.ofDefaults();
        private MeterRegistry meterRegistry;
        private ObservationRegistry observationRegistry;
        private PricingTable pricing = PricingTable.defaults();
        private BudgetTracker budgets;
        private HealthStore healthStore = HealthStore.local();
        private OutputValidator outputValidator;
        private ToolArgumentsValidator toolArgumentsValidator;

        private Builder() {
        }

        /** Adds a provider with {@link ProviderOptions#ofDefaults()}; the order of adding is the priority order. */
        public Builder provider(LlmProvider provider) {
            return provider(provider, ProviderOptions.ofDefaults());
        }

        /**
         * Adds a provider with its own options (deadline overrides, concurrency limit); the order of adding is
         * the priority order.
         */
        public Builder provider(LlmProvider provider, ProviderOptions options) {
            providers.add(Objects.requireNonNull(provider, "provider must not be null"));
            providerOptions.add(Objects.requireNonNull(options, "provider options must not be null"));
            return this;
        }

        /** Adds providers in the list's order, after those added before. */
        public Builder providers(List<? extends LlmProvider> providers) {
            Objects.requireNonNull(providers, "providers must not be null").forEach(this::provider);
            return this;
        }

        /** Replaces the default policy for one error type ({@link ErrorPolicy#defaultFor}). */
        public Builder errorPolicy(ErrorType type, ErrorPolicy policy) {
            Objects.requireNonNull(type, "error type must not be null");
            Objects.requireNonNull(policy, "error policy must not be null");
            if (type == ErrorType.STREAM_INTERRUPTED) {
                throw new IllegalArgumentException("STREAM_INTERRUPTED is the router's own error after a stream's commit"
                        + " point and has no policy: configure the underlying error types instead");
            }
            errorPolicies.put(type, policy);
            return this;
        }

        public Builder retry(RetryConfig retry) {
            this.retry = Objects.requireNonNull(retry, "retry config must not be null");
            return this;
        }

        /**
         * How long a provider that went out is left alone, and how it comes back (its slow start);
         * {@link CooldownConfig#ofDefaults()} unless set.
         */
        public Builder cooldown(CooldownConfig cooldown) {
            this.cooldown = Objects.requireNonNull(cooldown, "cooldown config must not be null");
            return this;
        }

        /**
         * When ordinary faults (server errors, overloads, resets, timeouts) take a provider out: when its recent
         * failure rate or failures in a row stand out, within a cap on the share of providers out at once
         * ({@link OutlierConfig#ofDefaults()} unless set). Bans, bad keys, spent quotas, missing models, dead
         * endpoints and rate limits take it out at their first occurrence whatever this says.
         */
        public Builder outliers(OutlierConfig outliers) {
            this.outliers = Objects.requireNonNull(outliers, "outlier config must not be null");
            return this;
        }

        /**
         * The deadlines of every request and attempt, for {@code generate} and {@code stream}
         * ({@link TimeoutConfig#ofDefaults()} unless set); per provider, {@link ProviderOptions} overrides the
         * per-attempt ones.
         */
        public Builder timeouts(TimeoutConfig timeouts) {
            this.timeouts = Objects.requireNonNull(timeouts, "timeout config must not be null");
            return this;
        }

        /** How {@link LlmRouter#stream} streams: commit point and resume ({@link StreamConfig#ofDefaults()} unless set). */
        public Builder streaming(StreamConfig streaming) {
            this.streaming = Objects.requireNonNull(streaming, "stream config must not be null");
            return this;
        }

        /**
         * The most provider calls one request may make, retries and fallbacks together (skips are free).
         * By default it is the number of providers plus 2, counted when each request starts.
         */
        public Builder maxAttemptsPerRequest(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttemptsPerRequest must be at least 1, got " + maxAttempts);
            }
            this.maxAttemptsPerRequest = maxAttempts;
            return this;
        }

        /**
         * With panic mode on (the default), a request that finds every provider cooling down goes to the one
         * whose cooldown ends soonest instead of failing untried; off, it fails with {@link AllProvidersFailed}.
         */
        public Builder panicMode(boolean panicMode) {
            this.panicMode = panicMode;
            return this;
        }

        /** Adds a listener for the router's events; several may be added. */
        public Builder listener(RouterListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /**
         * Publishes the router's meters (the OpenTelemetry GenAI client meters and relay4j's own, the
         * {@linkplain #budgets budgets'} spending included) to this registry, through a
         * {@link MicrometerRouterListener}. Without it, no meter exists.
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "meter registry must not be null");
            return this;
        }

        /**
         * Reports every request and attempt as a Micrometer {@link io.micrometer.observation.Observation}
         * (traces, and timers where the registry has a handler for them), through an
         * {@link ObservationRouterListener}. Without it, no observation is made.
         */
        public Builder observationRegistry(ObservationRegistry registry) {
            this.observationRegistry = Objects.requireNonNull(registry, "observation registry must not be null");
            return this;
        }

        /**
         * The prices each attempt's usage is costed at, and that {@link RoutingStrategy#lowestCost()} ranks
         * providers by; {@link PricingTable#defaults()} (a dated snapshot of list prices) unless set. A model
         * missing from the table has no cost rather than a wrong one. To price a model the snapshot lacks (a
         * self-hosted one, say), or to correct a price, start from the defaults:
         * {@code PricingTable.builder().defaults().price("ollama", "llama3.1:8b", ZERO, ZERO).build()}.
         */
        public Builder pricing(PricingTable pricing) {
            this.pricing = Objects.requireNonNull(pricing, "pricing table must not be null");
            return this;
        }

        /**
         * Spending limits per provider and period, tracked in memory on the parallel scheduler's clock. A
         * provider that has spent a budget (counting what calls in flight reserved) is skipped until the
         * period ends. Limits may name providers added
         * later with {@link LlmRouter#addProvider}. Use {@link #budgets(BudgetTracker)} for a shared store.
         *
         * <p>A provider's own budget is best set with it, in {@link ProviderOptions.Builder#budget}; the router
         * registers those with this same tracker (one is made when this is not set). Each provider has at most
         * one limit per period, wherever it was set: a provider whose options repeat a limit this config has for
         * its name and period is refused (when the router is built, or by {@code addProvider}) with an
         * {@link IllegalArgumentException} naming the provider and the period.
         */
        public Builder budgets(BudgetConfig config) {
            return budgets(BudgetTracker.of(Objects.requireNonNull(config, "budget config must not be null")));
        }

        /**
         * As {@link #budgets(BudgetConfig)}, with a tracker of your own (another {@link io.relay4j.core.spi.BudgetStore},
         * say one shared by several routers, or another clock); you may read its status while the router runs.
         * The providers' {@linkplain ProviderOptions.Builder#budget own budgets} are added to this tracker while
         * they are on the router: with a tracker shared by several routers, give shared limits here (in its
         * {@link BudgetConfig}) rather than in each router's provider options, which would name the same
         * provider and period twice and be refused.
         */
        public Builder budgets(BudgetTracker tracker) {
            this.budgets = Objects.requireNonNull(tracker, "budget tracker must not be null");
            return this;
        }

        /**
         * Shares this router's provider health with the other instances of its fleet (see {@link HealthStore};
         * {@code relay4j-redis} has one on Redis): a provider one instance finds banned, throttled (for its
         * {@code retry-after}) or failing is skipped by all without calling it, a cooldown's end lets one probe out
         * from the whole fleet, and an operator's disable or enable applies to all. The router routes on its own
         * view and never waits for the store. The store's session is opened when the router is built and closed
         * with it. Default {@link HealthStore#local()}: nothing shared.
         */
        public Builder healthStore(HealthStore store) {
            this.healthStore = Objects.requireNonNull(store,
                    "health store must not be null: HealthStore.local() shares nothing");
            return this;
        }

        /**
         * Checks every answer before it is returned, unless a request brings its own
         * ({@link LlmRouter#generate(LlmRequest, OutputValidator)}); none by default.
         */
        public Builder outputValidator(OutputValidator validator) {
            this.outputValidator = Objects.requireNonNull(validator, "output validator must not be null");
            return this;
        }

        /**
         * Checks every tool call's arguments against the tool the request declared, generate and stream alike; a
         * call that fails is an {@link io.relay4j.core.error.InvalidOutput} with reason
         * {@code SCHEMA_MISMATCH}, which falls over by default. None by default: calls are only checked to name a
         * declared tool and to carry a JSON object. The {@code relay4j-validation} module's
         * {@code JsonSchemaToolArgumentsValidator} checks them against the tool's JSON Schema.
         */
        public Builder toolArgumentsValidator(ToolArgumentsValidator validator) {
            this.toolArgumentsValidator = Objects.requireNonNull(validator, "tool arguments validator must not be null");
            return this;
        }

        /** Turns the default SLF4J logging ({@link LoggingRouterListener}) on or off; on by default. */
        public Builder logging(boolean logging) {
            this.logging = logging;
            return this;
        }

        /** Hedged requests for slow calls; off by default ({@link HedgingConfig#ofDefaults()}). */
        public Builder hedging(HedgingConfig hedging) {
            this.hedging = Objects.requireNonNull(hedging, "hedging config must not be null");
            return this;
        }

        /** How the providers are ordered per request; {@link RoutingStrategy#priority()} by default. */
        public Builder strategy(RoutingStrategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy must not be null");
            return this;
        }

        public LlmRouter build() {
            if (providers.isEmpty()) {
                throw new IllegalArgumentException("a router needs at least one provider: add one with provider(...)");
            }
            Set<String> names = new HashSet<>();
            for (LlmProvider provider : providers) {
                String name = Objects.requireNonNull(provider.name(), "a provider's name() must not be null");
                if (!names.add(name)) {
                    throw new IllegalArgumentException("two providers are named '" + name
                            + "': give each provider a unique name");
                }
            }
            List<RouterListener> all = new ArrayList<>();
            if (logging) {
                all.add(new LoggingRouterListener());
            }
            all.addAll(listeners);
            ProviderStatsRegistry stats = new ProviderStatsRegistry(LatencyEwma.DEFAULT_HALF_LIFE_SAMPLES,
                    LatencyWindow.DEFAULT_SIZE);
            // every router tracks budgets: a provider added at run time may bring its own in its options
            BudgetTracker tracker = budgets != null ? budgets : BudgetTracker.of(BudgetConfig.ofDefaults());
            if (meterRegistry != null) {
                MicrometerRouterListener.Builder metrics = MicrometerRouterListener.builder(meterRegistry).pricing(pricing);
                metrics.budgets(tracker);
                all.add(metrics.build());
            }
            if (observationRegistry != null) {
                all.add(ObservationRouterListener.builder(observationRegistry).pricing(pricing).build());
            }
            EventDispatcher events = new EventDispatcher(all);
            ProviderRegistry registry = new ProviderRegistry(cooldown, outliers, timeouts, stats, events, tracker,
                    meterRegistry == null ? HealthGauges.NONE : HealthGauges.of(meterRegistry),
                    healthStore == HealthStore.local() ? null : new FleetLink(healthStore));
            for (int i = 0; i < providers.size(); i++) {
                registry.add(providers.get(i), providerOptions.get(i));
            }
            registry.startFleet();
            RoutingStrategy ordering = strategy instanceof OrderingStrategy builtIn
                    ? builtIn.bind(new OrderingStrategy.RouterFacts(stats, pricing, List.copyOf(providers),
                            registry::optionsOf))
                    : strategy;
            FailurePolicy failurePolicy = new FailurePolicy(errorPolicies, retry);
            return new LlmRouter(new RouterCore(registry, ordering, failurePolicy, timeouts, streaming,
                    maxAttemptsPerRequest, panicMode, events, stats, HedgingPolicy.of(hedging), new Accounting(pricing,
                    Optional.of(tracker), Optional.ofNullable(outputValidator),
                    Optional.ofNullable(toolArgumentsValidator))));
        }
    }
}
