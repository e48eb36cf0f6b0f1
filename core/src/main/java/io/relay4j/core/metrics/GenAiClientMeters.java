package io.relay4j.core.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.relay4j.core.Attempt;
import io.relay4j.core.Usage;
import io.relay4j.core.cost.PricingTable;
import io.relay4j.core.event.RouterEvent.AttemptFinished;
import io.relay4j.core.internal.telemetry.ModelTag;
import java.time.Duration;
import java.util.Arrays;

/**
 * The OpenTelemetry GenAI client meters, one sample set per provider call, with the bucket
 * boundaries the semantic conventions recommend. The request and response model tags are bounded ({@link ModelTag}).
 */
final class GenAiClientMeters {

    /** OpenTelemetry's advice for gen_ai.client.operation.duration, in seconds. */
    static final Duration[] DURATION_BUCKETS = seconds(
            0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
    /** OpenTelemetry's advice for gen_ai.client.token.usage. */
    static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304,
            16777216, 67108864};
    /** OpenTelemetry's advice for time to first token / chunk, in seconds. */
    static final Duration[] FIRST_CHUNK_BUCKETS = seconds(
            0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
    /** OpenTelemetry's advice for time per output token / chunk, in seconds. */
    static final Duration[] PER_CHUNK_BUCKETS = seconds(
            0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5);

    private static final double[] PERCENTILES = {0.5, 0.95, 0.99};

    private final MeterRegistry registry;
    private final PricingTable pricing;

    GenAiClientMeters(MeterRegistry registry, PricingTable pricing) {
        this.registry = registry;
        this.pricing = pricing;
    }

    void record(AttemptFinished event) {
        Attempt attempt = event.attempt();
        if (attempt.outcome() == Attempt.Outcome.SKIPPED) {
            return;
        }
        Tags call = callTags(event);
        Tags withError = call.and(RouterTagKeys.ERROR_TYPE.asString(), errorType(attempt));
        timer(RouterMeterNames.OPERATION_DURATION, DURATION_BUCKETS, withError).record(attempt.latency());
        recordTokens(attempt.usage(), call);
        event.timeToFirstChunk().ifPresent(first -> {
            timer(RouterMeterNames.TIME_TO_FIRST_CHUNK, FIRST_CHUNK_BUCKETS, withError).record(first);
            recordTimePerChunk(attempt, first, withError);
        });
    }

    private void recordTokens(Usage usage, Tags call) {
        if (usage.totalTokens() == 0) {
            return;
        }
        tokens(call.and(RouterTagKeys.TOKEN_TYPE.asString(), "input")).record(usage.inputTokens());
        tokens(call.and(RouterTagKeys.TOKEN_TYPE.asString(), "output")).record(usage.outputTokens());
    }

    private void recordTimePerChunk(Attempt attempt, Duration first, Tags withError) {
        long laterChunks = attempt.usage().outputTokens() - 1;
        Duration afterFirst = attempt.latency().minus(first);
        if (attempt.outcome() == Attempt.Outcome.SUCCESS && laterChunks > 0 && !afterFirst.isNegative()) {
            timer(RouterMeterNames.TIME_PER_OUTPUT_CHUNK, PER_CHUNK_BUCKETS, withError)
                    .record(afterFirst.dividedBy(laterChunks));
        }
    }

    private Tags callTags(AttemptFinished event) {
        return Tags.of(
                RouterTagKeys.OPERATION_NAME.asString(), event.operation().otelName(),
                RouterTagKeys.PROVIDER_NAME.asString(), event.provider().vendor(),
                RouterTagKeys.REQUEST_MODEL.asString(), event.requestedModel().orElse(event.provider().model()),
                RouterTagKeys.RESPONSE_MODEL.asString(), ModelTag.responded(pricing, event.provider(),
                        event.requestedModel(), event.responseModel()).orElse(""),
                RouterTagKeys.PROVIDER.asString(), event.attempt().provider());
    }

    static String errorType(Attempt attempt) {
        return switch (attempt.outcome()) {
            case FAILED -> attempt.errorType().map(type -> type.tag()).orElse("_OTHER");
            case CANCELLED -> "cancelled";
            case SUCCESS, SKIPPED -> "";
        };
    }

    private static Duration[] seconds(double... bounds) {
        return Arrays.stream(bounds).mapToObj(s -> Duration.ofNanos(Math.round(s * 1e9))).toArray(Duration[]::new);
    }

    private Timer timer(RouterMeterNames meter, Duration[] buckets, Tags tags) {
        return Timer.builder(meter.getName())
                .tags(tags)
                .serviceLevelObjectives(buckets)
                .publishPercentiles(PERCENTILES)
                .register(registry);
    }

    private DistributionSummary tokens(Tags tags) {
        return DistributionSummary.builder(RouterMeterNames.TOKEN_USAGE.getName())
                .tags(tags)
                .serviceLevelObjectives(TOKEN_BUCKETS)
                .publishPercentiles(PERCENTILES)
                .register(registry);
    }
}
