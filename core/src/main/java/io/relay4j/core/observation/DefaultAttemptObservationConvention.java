package io.relay4j.core.observation;

import static io.relay4j.core.observation.RouterObservationDocumentation.HighCardinalityKeys;
import static io.relay4j.core.observation.RouterObservationDocumentation.LowCardinalityKeys;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.relay4j.core.Attempt;
import io.relay4j.core.event.RouterEvent.AttemptFinished;
import java.util.Locale;

/**
 * The attempt observation as {@link RouterObservationDocumentation#ATTEMPT} documents it: named
 * {@code relay4j.attempt}, contextually {@code chat <model>} as OpenTelemetry names GenAI spans; the
 * same low-cardinality keys on every observation ({@code none} where a value does not apply).
 */
public class DefaultAttemptObservationConvention implements AttemptObservationConvention {

    /** The observation's name. */
    public static final String NAME = "relay4j.attempt";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(AttemptObservationContext context) {
        return context.operation().otelName() + " " + context.requestModel();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(AttemptObservationContext context) {
        return KeyValues.of(
                LowCardinalityKeys.OPERATION_NAME.withValue(context.operation().otelName()),
                LowCardinalityKeys.PROVIDER_NAME.withValue(context.info().vendor()),
                LowCardinalityKeys.REQUEST_MODEL.withValue(context.requestModel()),
                LowCardinalityKeys.RESPONSE_MODEL.withValue(context.responseModel().orElse(KeyValue.NONE_VALUE)),
                LowCardinalityKeys.PROVIDER.withValue(context.provider()),
                LowCardinalityKeys.KIND.withValue(context.kind().name().toLowerCase(Locale.ROOT)),
                LowCardinalityKeys.OUTCOME.withValue(outcome(context)),
                LowCardinalityKeys.ERROR_TYPE.withValue(context.finished().flatMap(f -> f.attempt().errorType())
                        .map(type -> type.tag()).orElse(KeyValue.NONE_VALUE)));
    }

    private static String outcome(AttemptObservationContext context) {
        if (context.abandoned()) {
            return "cancelled";
        }
        return context.finished().map(f -> f.attempt().outcome().name().toLowerCase(Locale.ROOT))
                .orElse(KeyValue.NONE_VALUE);
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(AttemptObservationContext context) {
        KeyValues ids = KeyValues.of(HighCardinalityKeys.REQUEST_ID.withValue(Long.toString(context.requestId())));
        return context.finished().map(AttemptFinished::attempt).map(Attempt::usage)
                .map(usage -> ids.and(HighCardinalityKeys.INPUT_TOKENS.withValue(Long.toString(usage.inputTokens())),
                        HighCardinalityKeys.OUTPUT_TOKENS.withValue(Long.toString(usage.outputTokens()))))
                .orElse(ids);
    }
}
