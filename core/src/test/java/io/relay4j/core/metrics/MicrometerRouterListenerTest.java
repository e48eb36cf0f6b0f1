package io.relay4j.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.relay4j.core.budget.BudgetConfig;
import io.relay4j.core.budget.BudgetPeriod;
import io.relay4j.core.budget.BudgetTracker;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.testing.RouterTraffic;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

class MicrometerRouterListenerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private RouterTraffic trafficInto(MeterRegistry meters) {
        return new RouterTraffic(MicrometerRouterListener.builder(meters).build());
    }

    @Test
    void eachProviderCallIsTimedWithTheGenAiTags() {
        trafficInto(registry).typicalDay();

        Timer openaiSuccesses = registry.get("gen_ai.client.operation.duration")
                .tags("gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai",
                        "gen_ai.request.model", "gpt-4o-mini", "gen_ai.response.model", "gpt-4o-mini",
                        "error.type", "", "provider", "openai")
                .timer();
        assertThat(openaiSuccesses.count()).isEqualTo(2);
        assertThat(openaiSuccesses.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2000);

        Timer rateLimited = registry.get("gen_ai.client.operation.duration")
                .tags("gen_ai.provider.name", "anthropic", "error.type", "rate_limited").timer();
        assertThat(rateLimited.count()).isEqualTo(1);
        assertThat(rateLimited.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(200);

        assertThat(registry.get("gen_ai.client.operation.duration").tags("error.type", "cancelled").timer().count())
                .as("the hedge's losing primary").isEqualTo(1);
        assertThat(registry.get("gen_ai.client.operation.duration").timers().stream().mapToLong(Timer::count).sum())
                .as("2 successes, 1 rate limit, 1 hedge, 1 cancel, 15 failures; skips are no calls").isEqualTo(20);
    }

    @Test
    void everyErrorTypeIsItsOwnSeries() {
        trafficInto(registry).typicalDay();

        for (ErrorType type : ErrorType.values()) {
            if (type == ErrorType.ALL_PROVIDERS_FAILED) {
                continue;
            }
            assertThat(registry.get("relay4j.attempts").tags("provider", "openai", "outcome", "failed",
                    "error.type", type.tag(), "kind", "primary", "skip.reason", "").counter().count())
                    .as(type.tag()).isEqualTo(1.0);
            assertThat(registry.get("gen_ai.client.operation.duration")
                    .tags("provider", "openai", "error.type", type.tag()).timer().count()).as(type.tag()).isEqualTo(1);
        }
        assertThat(registry.get("relay4j.attempts").tags("provider", "anthropic", "outcome", "skipped",
                "skip.reason", "cooling_down", "error.type", "").counter().count()).isEqualTo(15.0);
        assertThat(registry.get("relay4j.requests").tags("outcome", "failed", "error.type", "all_providers_failed")
                .counter().count()).isEqualTo(15.0);
        assertThat(registry.get("relay4j.requests").tags("outcome", "success", "error.type", "").counters())
                .extracting(c -> c.getId().getTag("operation") + "=" + c.count())
                .containsExactlyInAnyOrder("generate=2.0", "stream=1.0");
    }

    @Test
    void tokensAreCountedByTypeWithTheRecommendedBucketsAndPercentiles() {
        trafficInto(registry).typicalDay();

        var input = registry.get("gen_ai.client.token.usage").tags("gen_ai.token.type", "input", "provider", "openai")
                .summary();
        var output = registry.get("gen_ai.client.token.usage").tags("gen_ai.token.type", "output", "provider", "openai")
                .summary();
        assertThat(input.count()).isEqualTo(2);
        assertThat(input.totalAmount()).isEqualTo(300);
        assertThat(output.totalAmount()).isEqualTo(150);
        assertThat(registry.find("gen_ai.client.token.usage").tags("error.type", "rate_limited").summary())
                .as("failed calls that reported no tokens are not token samples").isNull();

        HistogramSnapshot snapshot = input.takeSnapshot();
        assertThat(Arrays.stream(snapshot.histogramCounts()).mapToDouble(CountAtBucket::bucket).toArray())
                .containsExactly(1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216,
                        67108864d);
        assertThat(Arrays.stream(snapshot.percentileValues()).mapToDouble(ValueAtPercentile::percentile).toArray())
                .containsExactly(0.5, 0.95, 0.99);
    }

    @Test
    void durationUsesOpenTelemetrysBucketsInSeconds() {
        trafficInto(registry).plainSuccess(1);

        HistogramSnapshot snapshot = registry.get("gen_ai.client.operation.duration").timer().takeSnapshot();
        assertThat(Arrays.stream(snapshot.histogramCounts()).mapToDouble(b -> b.bucket(TimeUnit.SECONDS)).toArray())
                .containsExactly(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
        assertThat(Arrays.stream(snapshot.histogramCounts()).filter(b -> b.bucket(TimeUnit.SECONDS) == 1.28)
                .findFirst().orElseThrow().count()).as("1.2 s falls in the 1.28 s bucket").isEqualTo(1);
        assertThat(Arrays.stream(snapshot.histogramCounts()).filter(b -> b.bucket(TimeUnit.SECONDS) == 0.64)
                .findFirst().orElseThrow().count()).isZero();
    }

    @Test
    void streamsReportTimeToFirstChunkAndPerChunk() {
        trafficInto(registry).wonHedge(3);

        Timer first = registry.get("gen_ai.client.operation.time_to_first_chunk").tags("provider", "gemini").timer();
        assertThat(first.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(100);
        Timer perChunk = registry.get("gen_ai.client.operation.time_per_output_chunk").tags("provider", "gemini")
                .timer();
        assertThat(perChunk.count()).isEqualTo(1);
        assertThat(perChunk.totalTime(TimeUnit.MILLISECONDS)).as("(1100 - 100) ms over 10 later tokens")
                .isEqualTo(100);
    }

    @Test
    void hedgesFallbacksAndCostAreCounted() {
        trafficInto(registry).typicalDay();

        assertThat(registry.get("relay4j.hedges").tags("provider", "gemini", "result", "fired").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("relay4j.hedges").tags("provider", "gemini", "result", "won").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.find("relay4j.hedges").tags("result", "cancelled").counter()).isNull();
        assertThat(registry.get("relay4j.attempts").tags("provider", "openai", "outcome", "cancelled").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("relay4j.fallbacks").tags("from", "anthropic", "to", "openai", "reason", "rate_limited")
                .counter().count()).isEqualTo(1.0);
        assertThat(registry.get("relay4j.cost").tags("provider", "openai", "model", "gpt-4o-mini")
                .counter().count()).isCloseTo(0.000135, within(1e-12));
        assertThat(registry.get("relay4j.cost").tags("provider", "gemini").counter().count())
                .isCloseTo(0.0000335, within(1e-12));
        assertThat(registry.get("relay4j.stream.malformed.events").tags("provider", "gemini").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void availabilityFollowsTheHealthStateMachine() {
        RouterTraffic traffic = trafficInto(registry).plainSuccess(1);
        assertThat(registry.get("relay4j.provider.available").tags("provider", "openai").gauge().value()).isEqualTo(1);

        traffic.fallback(2);
        assertThat(registry.get("relay4j.provider.available").tags("provider", "anthropic").gauge().value())
                .as("cooling down").isZero();

        traffic.transition("anthropic", HealthState.COOLING_DOWN, HealthState.HALF_OPEN);
        assertThat(registry.get("relay4j.provider.available").tags("provider", "anthropic").gauge().value()).isEqualTo(1);
        traffic.transition("anthropic", HealthState.HALF_OPEN, HealthState.HEALTHY)
                .transition("openai", HealthState.HEALTHY, HealthState.DISABLED);
        assertThat(registry.get("relay4j.provider.available").tags("provider", "openai").gauge().value()).isZero();
        assertThat(registry.get("relay4j.provider.state.transitions")
                .tags("provider", "anthropic", "from", "healthy", "to", "cooling_down").counter().count()).isEqualTo(1);
        assertThat(registry.get("relay4j.provider.state.transitions").tags("provider", "anthropic").counters())
                .hasSize(3);
    }

    @Test
    void theRoutersOwnOverheadAndRequestTimeAreTimed() {
        trafficInto(registry).plainSuccess(1).fallback(2);

        Timer overhead = registry.get("relay4j.router.overhead").tags("operation", "generate").timer();
        assertThat(overhead.count()).isEqualTo(2);
        assertThat(overhead.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(13);
        assertThat(registry.get("relay4j.request.duration").tags("outcome", "success").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2215);
    }

    @Test
    void budgetsArePublishedAsSpentAndRatioGauges() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        time.advanceTimeTo(Instant.parse("2026-11-25T10:00:00Z"));
        BudgetTracker budgets = BudgetTracker.builder(BudgetConfig.custom()
                .limit("openai", new BigDecimal("20"), BudgetPeriod.DAY).build()).clock(time).build();
        MicrometerRouterListener.builder(registry).budgets(budgets).build();

        budgets.record("openai", new BigDecimal("17"));
        assertThat(registry.get("relay4j.budget.spent").tags("provider", "openai", "period", "day").gauge().value())
                .isEqualTo(17);
        assertThat(registry.get("relay4j.budget.spent.ratio").tags("provider", "openai", "period", "day").gauge()
                .value()).isEqualTo(0.85);

        time.advanceTimeBy(Duration.ofDays(1));
        assertThat(registry.get("relay4j.budget.spent.ratio").gauge().value()).as("a new day").isZero();
    }

    @Test
    void noMeterCarriesPromptTextAndEveryMeterIsDocumented() {
        trafficInto(registry).typicalDay();

        assertThat(registry.getMeters()).hasSizeGreaterThan(50);
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags())
                .extracting(Tag::getValue).noneMatch(value -> value.contains("launch codes")));
        // the simple registry publishes histogram buckets and percentiles as extra gauges (tags le, phi)
        assertThat(registry.getMeters().stream().filter(m -> !m.getId().getName().endsWith(".histogram")
                && !m.getId().getName().endsWith(".percentile"))).allSatisfy(meter -> {
            assertThat(Arrays.stream(RouterMeterNames.values()).map(RouterMeterNames::getName))
                    .contains(meter.getId().getName());
            RouterMeterNames documented = Arrays.stream(RouterMeterNames.values())
                    .filter(m -> m.getName().equals(meter.getId().getName())).findFirst().orElseThrow();
            assertThat(meter.getId().getTags()).extracting(Tag::getKey).containsExactlyInAnyOrderElementsOf(
                    Arrays.stream(documented.getKeyNames()).map(k -> k.asString()).toList());
        });
    }

    @Test
    void prometheusScrapeShowsTheGenAiHistogramsAndRouterCounters() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        trafficInto(prometheus).typicalDay();

        String scrape = prometheus.scrape();

        assertThat(scrape)
                .contains("gen_ai_client_operation_duration_seconds_bucket{error_type=\"\",gen_ai_operation_name=\"chat\","
                        + "gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o-mini\","
                        + "gen_ai_response_model=\"gpt-4o-mini\",provider=\"openai\",le=\"1.28\"} 2")
                .contains("gen_ai_client_operation_duration_seconds_count{error_type=\"timeout\"")
                .contains("gen_ai_client_token_usage_bucket{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\","
                        + "gen_ai_request_model=\"gpt-4o-mini\",gen_ai_response_model=\"gpt-4o-mini\","
                        + "gen_ai_token_type=\"input\",provider=\"openai\",le=\"256.0\"} 2")
                .contains("gen_ai_client_operation_time_to_first_chunk_seconds_bucket{")
                .contains("gen_ai_client_operation_time_per_output_chunk_seconds_count{")
                .contains("relay4j_attempts_total{error_type=\"rate_limited\",kind=\"primary\",outcome=\"failed\","
                        + "provider=\"anthropic\",skip_reason=\"\"} 1.0")
                .contains("relay4j_fallbacks_total{from=\"anthropic\",reason=\"rate_limited\",to=\"openai\"} 1.0")
                .contains("relay4j_hedges_total{provider=\"gemini\",result=\"won\"} 1.0")
                .contains("relay4j_provider_available{provider=\"anthropic\"} 0.0")
                .contains("relay4j_provider_state_transitions_total{from=\"healthy\",provider=\"anthropic\",to=\"cooling_down\"} 1.0")
                .contains("relay4j_cost_usd_total{model=\"gemini-2.5-flash\",provider=\"gemini\"}")
                .contains("relay4j_router_overhead_seconds_count{operation=\"generate\"} 17")
                .contains("relay4j_requests_total{error_type=\"all_providers_failed\",operation=\"generate\",outcome=\"failed\"} 15.0")
                .doesNotContain("launch codes");
        assertThat(prometheus.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
                .as("Prometheus accepted every meter (one tag-key set per name)")
                .containsAll(registry.getMeters().stream().map(m -> m.getId().getName()).toList());
    }
}
