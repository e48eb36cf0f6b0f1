package io.relay4j.core.metrics;

import static io.relay4j.core.metrics.RouterTagKeys.ERROR_TYPE;
import static io.relay4j.core.metrics.RouterTagKeys.FROM;
import static io.relay4j.core.metrics.RouterTagKeys.KIND;
import static io.relay4j.core.metrics.RouterTagKeys.MODEL;
import static io.relay4j.core.metrics.RouterTagKeys.OPERATION;
import static io.relay4j.core.metrics.RouterTagKeys.OPERATION_NAME;
import static io.relay4j.core.metrics.RouterTagKeys.OUTCOME;
import static io.relay4j.core.metrics.RouterTagKeys.PERIOD;
import static io.relay4j.core.metrics.RouterTagKeys.PROVIDER;
import static io.relay4j.core.metrics.RouterTagKeys.PROVIDER_NAME;
import static io.relay4j.core.metrics.RouterTagKeys.REASON;
import static io.relay4j.core.metrics.RouterTagKeys.REQUEST_MODEL;
import static io.relay4j.core.metrics.RouterTagKeys.RESPONSE_MODEL;
import static io.relay4j.core.metrics.RouterTagKeys.RESULT;
import static io.relay4j.core.metrics.RouterTagKeys.SKIP_REASON;
import static io.relay4j.core.metrics.RouterTagKeys.TOKEN_TYPE;
import static io.relay4j.core.metrics.RouterTagKeys.TO;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;

/**
 * Every meter {@link MicrometerRouterListener} publishes: name, type, base unit and tag keys.
 * The {@code gen_ai.*} meters follow the OpenTelemetry GenAI semantic conventions (client metrics)
 * so dashboards built for them work; they are recorded per provider call (attempt), skipped attempts
 * excluded, and carry the router's {@code provider} name as an extra tag. Prometheus renders dots as
 * underscores, adds {@code _seconds} to timers, {@code _usd} to dollar meters and {@code _total} to
 * counters (for example {@code relay4j_attempts_total}, {@code gen_ai_client_operation_duration_seconds_bucket}).
 */
public enum RouterMeterNames implements MeterDocumentation {

    /** Time of each provider call, with OpenTelemetry's recommended buckets and p50/p95/p99. */
    OPERATION_DURATION("gen_ai.client.operation.duration", Meter.Type.TIMER, "seconds",
            OPERATION_NAME, PROVIDER_NAME, REQUEST_MODEL, RESPONSE_MODEL, ERROR_TYPE, PROVIDER),
    /** Tokens each provider call consumed, input and output apart; partial and failed calls included when reported. */
    TOKEN_USAGE("gen_ai.client.token.usage", Meter.Type.DISTRIBUTION_SUMMARY, null,
            OPERATION_NAME, PROVIDER_NAME, REQUEST_MODEL, RESPONSE_MODEL, TOKEN_TYPE, PROVIDER),
    /** For streams: time from a call's start to its first text chunk. */
    TIME_TO_FIRST_CHUNK("gen_ai.client.operation.time_to_first_chunk", Meter.Type.TIMER, "seconds",
            OPERATION_NAME, PROVIDER_NAME, REQUEST_MODEL, RESPONSE_MODEL, ERROR_TYPE, PROVIDER),
    /**
     * For successful streams: the time after the first chunk divided by the output tokens after the
     * first, an estimate of the time per chunk (vendors stream about one token per chunk).
     */
    TIME_PER_OUTPUT_CHUNK("gen_ai.client.operation.time_per_output_chunk", Meter.Type.TIMER, "seconds",
            OPERATION_NAME, PROVIDER_NAME, REQUEST_MODEL, RESPONSE_MODEL, ERROR_TYPE, PROVIDER),

    /** Every attempt, skipped ones included. */
    ATTEMPTS("relay4j.attempts", Meter.Type.COUNTER, null, PROVIDER, KIND, OUTCOME, ERROR_TYPE, SKIP_REASON),
    /** Every move of a request from one provider to the next. */
    FALLBACKS("relay4j.fallbacks", Meter.Type.COUNTER, null, FROM, TO, REASON),
    /** Hedges: {@code result=fired} counts each hedge sent; {@code won}, {@code cancelled}, {@code failed} how each ended. */
    HEDGES("relay4j.hedges", Meter.Type.COUNTER, null, PROVIDER, RESULT),
    /** 1 while a provider takes traffic (healthy or half-open), 0 while cooling down or disabled. */
    PROVIDER_AVAILABLE("relay4j.provider.available", Meter.Type.GAUGE, null, PROVIDER),
    /**
     * The most calls in progress a provider takes at once now: its fixed {@code concurrencyLimit}, or where its
     * {@code adaptiveConcurrency} limit stands; only for providers with a limit.
     */
    CONCURRENCY_LIMIT("relay4j.provider.concurrency.limit", Meter.Type.GAUGE, null, PROVIDER),
    /** Health state machine transitions. */
    STATE_TRANSITIONS("relay4j.provider.state.transitions", Meter.Type.COUNTER, null, PROVIDER, FROM, TO),
    /**
     * Providers taken out of rotation, by why ({@code reason}: {@code failure_rate}, {@code consecutive_failures},
     * {@code immediate}, {@code rate_limited}, {@code probe_failed}).
     */
    EJECTIONS("relay4j.provider.ejections", Meter.Type.COUNTER, null, PROVIDER, REASON),
    /**
     * The share (0 to 1) of failed calls among a provider's recent calls (its outlier window); published only when
     * the router has the meter registry ({@code LlmRouter.Builder.meterRegistry}), since it reads the router's state.
     */
    WINDOW_FAILURE_RATE("relay4j.provider.window.failure.rate", Meter.Type.GAUGE, null, PROVIDER),
    /** Dollars spent, per provider and model, over every attempt whose model is priced. */
    COST("relay4j.cost", Meter.Type.COUNTER, "usd", PROVIDER, MODEL),
    /** Dollars spent in a budget's current period. */
    BUDGET_SPENT("relay4j.budget.spent", Meter.Type.GAUGE, "usd", PROVIDER, PERIOD),
    /** The share of a budget spent in its current period (1 = all of it). */
    BUDGET_SPENT_RATIO("relay4j.budget.spent.ratio", Meter.Type.GAUGE, null, PROVIDER, PERIOD),
    /** Requests that left the router, by outcome and final error type. */
    REQUESTS("relay4j.requests", Meter.Type.COUNTER, null, OPERATION, OUTCOME, ERROR_TYPE),
    /** Time of whole requests, from entering the router to the answer or error. */
    REQUEST_DURATION("relay4j.request.duration", Meter.Type.TIMER, "seconds", OPERATION, OUTCOME),
    /** Time a request spent in the router itself, outside provider calls and backoff waits. */
    ROUTER_OVERHEAD("relay4j.router.overhead", Meter.Type.TIMER, "seconds", OPERATION),
    /**
     * Invalid tool calls, each failing its attempt ({@code InvalidOutput}), by vendor ({@code gen_ai.provider.name}),
     * provider and {@code reason}: {@code arguments_not_json}, {@code unknown_tool}, {@code schema_mismatch},
     * {@code malformed_tool_call} ({@link io.relay4j.core.error.InvalidOutput.Reason#tag()}).
     */
    INVALID_TOOL_CALLS("relay4j.tool.calls.invalid", Meter.Type.COUNTER, null, PROVIDER_NAME, PROVIDER, REASON),
    /** Stream events a provider sent that could not be parsed and were skipped. */
    MALFORMED_EVENTS_SKIPPED("relay4j.stream.malformed.events", Meter.Type.COUNTER, null, PROVIDER);

    private final String name;
    private final Meter.Type type;
    private final String baseUnit;
    private final KeyName[] keys;

    RouterMeterNames(String name, Meter.Type type, String baseUnit, KeyName... keys) {
        this.name = name;
        this.type = type;
        this.baseUnit = baseUnit;
        this.keys = keys;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Meter.Type getType() {
        return type;
    }

    @Override
    public String getBaseUnit() {
        return baseUnit;
    }

    @Override
    public KeyName[] getKeyNames() {
        return keys.clone();
    }
}
