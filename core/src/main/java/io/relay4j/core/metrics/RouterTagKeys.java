package io.relay4j.core.metrics;

import io.micrometer.common.docs.KeyName;

/**
 * Every tag key relay4j's meters use. All values are low-cardinality: names of providers, models,
 * periods, states and error types; never prompt, answer or key text. A key a meter declares is on
 * every sample of it (Prometheus needs one key set per name); where it does not apply, its value is
 * the empty string, which Prometheus treats as absent.
 */
public enum RouterTagKeys implements KeyName {

    /** OpenTelemetry: the operation, {@code chat} for both generate and stream. */
    OPERATION_NAME("gen_ai.operation.name"),
    /** OpenTelemetry: the vendor, from {@link io.relay4j.core.ProviderInfo#vendor()}. */
    PROVIDER_NAME("gen_ai.provider.name"),
    /** OpenTelemetry: the model the request asked for (the provider's default model when it named none). */
    REQUEST_MODEL("gen_ai.request.model"),
    /**
     * OpenTelemetry: the model the vendor said answered, bounded: the pricing table's model when the table
     * prices the reported id, else the model asked for (never the reported string as it came); empty when it
     * did not answer.
     */
    RESPONSE_MODEL("gen_ai.response.model"),
    /** OpenTelemetry: {@code input} or {@code output}. */
    TOKEN_TYPE("gen_ai.token.type"),
    /** OpenTelemetry: {@link io.relay4j.core.error.ErrorType#tag()} on failures, {@code cancelled} on cancels, else empty. */
    ERROR_TYPE("error.type"),
    /** The provider's name as configured on the router (several providers may share one vendor). */
    PROVIDER("provider"),
    /** {@code generate} or {@code stream}. */
    OPERATION("operation"),
    /** Why the attempt was made: {@code primary}, {@code retry}, {@code fallback}, {@code hedge}, {@code resume}. */
    KIND("kind"),
    /** How an attempt or request ended: {@code success}, {@code failed}, {@code skipped}, {@code cancelled}. */
    OUTCOME("outcome"),
    /** Why an attempt was skipped ({@code cooling_down}, {@code over_budget}, ...); empty otherwise. */
    SKIP_REASON("skip.reason"),
    /** The provider a request fell over from; for state transitions, the state before ({@code healthy}, {@code cooling_down}, {@code half_open}, {@code disabled}). */
    FROM("from"),
    /** The provider a request fell over to; for state transitions, the state after. */
    TO("to"),
    /** Why a request fell over: an error type's tag or a skip reason. */
    REASON("reason"),
    /** What became of hedges: {@code fired} counts every hedge sent; {@code won}, {@code cancelled}, {@code failed} break it down. */
    RESULT("result"),
    /** The model priced, on cost: the pricing table's model for the id the vendor reported, else the model asked for. */
    MODEL("model"),
    /** A budget's period: {@code hour}, {@code day}, {@code month}. */
    PERIOD("period");

    private final String key;

    RouterTagKeys(String key) {
        this.key = key;
    }

    @Override
    public String asString() {
        return key;
    }
}
