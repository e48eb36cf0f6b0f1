package io.relay4j.core.observation;

import static io.relay4j.core.observation.RouterObservationDocumentation.HighCardinalityKeys;
import static io.relay4j.core.observation.RouterObservationDocumentation.LowCardinalityKeys;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.relay4j.core.Attempt;
import io.relay4j.core.Usage;
import io.relay4j.core.event.RouterEvent.RequestFinished;
import java.util.Locale;

/**
 * The request observation as {@link RouterObservationDocumentation#REQUEST} documents it: named
 * {@code relay4j.request}, contextually {@code relay4j generate} or {@code relay4j stream}; the same
 * low-cardinality keys on every observation ({@code none} where a value does not apply yet).
 */
public class DefaultRequestObservationConvention implements RequestObservationConvention {

    /** The observation's name. */
    public static final String NAME = "relay4j.request";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(RequestObservationContext context) {
        return "relay4j " + context.operation().name().toLowerCase(Locale.ROOT);
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(RequestObservationContext context) {
        String outcome = context.finished().map(f -> f.errorType().isPresent() ? "failed" : "success")
                .orElse(KeyValue.NONE_VALUE);
        return KeyValues.of(
                LowCardinalityKeys.OPERATION_NAME.withValue(context.operation().otelName()),
                LowCardinalityKeys.OPERATION.withValue(context.operation().name().toLowerCase(Locale.ROOT)),
                LowCardinalityKeys.PROVIDER.withValue(
                        context.finished().flatMap(RequestFinished::servedBy).orElse(KeyValue.NONE_VALUE)),
                LowCardinalityKeys.OUTCOME.withValue(outcome),
                LowCardinalityKeys.ERROR_TYPE.withValue(context.finished().flatMap(RequestFinished::errorType)
                        .map(type -> type.tag()).orElse(KeyValue.NONE_VALUE)));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(RequestObservationContext context) {
        KeyValues ids = KeyValues.of(HighCardinalityKeys.REQUEST_ID.withValue(Long.toString(context.requestId())));
        return context.finished().map(finished -> {
            Usage usage = finished.attempts().stream().map(Attempt::usage).reduce(Usage.NONE, Usage::plus);
            return ids.and(HighCardinalityKeys.ATTEMPTS.withValue(Integer.toString(finished.attempts().size())),
                    HighCardinalityKeys.INPUT_TOKENS.withValue(Long.toString(usage.inputTokens())),
                    HighCardinalityKeys.OUTPUT_TOKENS.withValue(Long.toString(usage.outputTokens())));
        }).orElse(ids);
    }
}
