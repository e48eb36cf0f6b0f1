package io.relay4j.spring.boot.autoconfigure;

import static io.relay4j.core.testing.ScriptedProvider.chunks;
import static io.relay4j.core.testing.ScriptedProvider.fail;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.relay4j.core.Capability;
import io.relay4j.core.FinishReason;
import io.relay4j.core.LlmChunk;
import io.relay4j.core.LlmRequest;
import io.relay4j.core.LlmResponse;
import io.relay4j.core.LlmRouter;
import io.relay4j.core.Message;
import io.relay4j.core.ProviderInfo;
import io.relay4j.core.Tool;
import io.relay4j.core.ToolCall;
import io.relay4j.core.error.InvalidOutput;
import io.relay4j.core.health.HealthState;
import io.relay4j.core.testing.Errors;
import io.relay4j.core.testing.ScriptedProvider;
import io.relay4j.validation.JsonSchemaToolArgumentsValidator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * The router settings that came after the starter, seen on the router the auto-configuration builds: outlier
 * ejection, a provider's adaptive concurrency limit and tool-argument validation against the tools' JSON Schemas
 * (which needs relay4j-validation, an optional dependency, on the application's class path).
 */
class Relay4jRouterSettingsTest {

    private static final ApplicationContextRunner RUNNER = Relay4jAutoConfigurationTest.RUNNER
            .withPropertyValues("relay4j.router.logging=false", "relay4j.router.retry.max-retries-in-place=0");

    private static final Tool WEATHER = Tool.of("get_weather", "the weather in a city", """
            {"type": "object", "required": ["city"], "properties": {"city": {"type": "string"}}}
            """);
    private static final ToolCall EMPTIED = ToolCall.of("toolu_1", "get_weather", "{}");
    private static final ToolCall GOOD = ToolCall.of("call_1", "get_weather", "{\"city\":\"Paris\"}");

    @Test
    void outlierSettingsDecideWhenAFailingProviderIsEjected() {
        RUNNER.withUserConfiguration(FlakyThenSpare.class).run(context -> {
            LlmRouter router = context.getBean(LlmRouter.class);
            assertThat(router.generate(LlmRequest.of("hi")).block(Duration.ofSeconds(10)).provider()).isEqualTo("spare");
            assertThat(router.health("flaky").state()).as("one failure of 5 in a row by default")
                    .isEqualTo(HealthState.HEALTHY);
        });
        RUNNER.withUserConfiguration(FlakyThenSpare.class)
                .withPropertyValues("relay4j.router.outliers.consecutive-failures=1",
                        "relay4j.router.outliers.max-ejection-percent=100")
                .run(context -> {
                    LlmRouter router = context.getBean(LlmRouter.class);
                    assertThat(router.generate(LlmRequest.of("hi")).block(Duration.ofSeconds(10)).provider())
                            .isEqualTo("spare");
                    assertThat(router.health("flaky").state()).isEqualTo(HealthState.COOLING_DOWN);
                });
    }

    @Test
    void aProvidersAdaptiveConcurrencyStartsAtItsInitialLimit() {
        RUNNER.withUserConfiguration(FlakyThenSpare.class, Meters.class)
                .withPropertyValues("relay4j.providers.spare.adaptive-concurrency.enabled=true",
                        "relay4j.providers.spare.adaptive-concurrency.max-limit=12",
                        "relay4j.providers.spare.adaptive-concurrency.initial-limit=7")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    context.getBean(LlmRouter.class);
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.get("relay4j.provider.concurrency.limit").tag("provider", "spare").gauge()
                            .value()).isEqualTo(7);
                    assertThat(meters.find("relay4j.provider.concurrency.limit").tag("provider", "flaky").gauge())
                            .as("no limit unless enabled").isNull();
                });
    }

    @Test
    void jsonSchemaToolArgumentsValidationFallsOverFromArgumentsThatDoNotMatchTheSchema() {
        LlmRequest request = LlmRequest.builder().user("weather in Paris?").tool(WEATHER).build();
        RUNNER.withUserConfiguration(ToolCallers.class)
                .withPropertyValues("relay4j.router.tool-arguments-validation=json-schema")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    LlmResponse response = context.getBean(LlmRouter.class).generate(request)
                            .block(Duration.ofSeconds(10));
                    assertThat(response.provider()).isEqualTo("direct");
                    assertThat(response.toolCalls()).containsExactly(GOOD);
                    InvalidOutput invalid = (InvalidOutput) response.attempts().get(0).error().orElseThrow();
                    assertThat(invalid.reason()).isEqualTo(InvalidOutput.Reason.SCHEMA_MISMATCH);
                });
        RUNNER.withUserConfiguration(ToolCallers.class).run(context -> {
            LlmResponse response = context.getBean(LlmRouter.class).generate(request).block(Duration.ofSeconds(10));
            assertThat(response.provider()).as("none, the default, leaves the schema unchecked").isEqualTo("translator");
            assertThat(response.toolCalls()).containsExactly(EMPTIED);
        });
    }

    @Test
    void jsonSchemaWithoutRelay4jValidationOnTheClassPathFailsTheStartNamingThePropertyAndTheArtifact() {
        RUNNER.withUserConfiguration(ToolCallers.class)
                .withClassLoader(new FilteredClassLoader(JsonSchemaToolArgumentsValidator.class))
                .withPropertyValues("relay4j.router.tool-arguments-validation=json-schema")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(InvalidRelay4jPropertyException.class)
                            .hasMessageContaining("relay4j.router.tool-arguments-validation")
                            .hasMessageContaining("io.relay4j:relay4j-validation");
                });
        RUNNER.withUserConfiguration(ToolCallers.class)
                .withClassLoader(new FilteredClassLoader(JsonSchemaToolArgumentsValidator.class))
                .run(context -> assertThat(context).as("none needs no relay4j-validation").hasNotFailed());
    }

    @Configuration(proxyBeanMethods = false)
    static class FlakyThenSpare {
        @Bean
        @Order(1)
        ScriptedProvider flaky() {
            return ScriptedProvider.named("flaky").otherwise(fail(Errors.serverError()));
        }

        @Bean
        @Order(2)
        ScriptedProvider spare() {
            return ScriptedProvider.named("spare");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Meters {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ToolCallers {
        private static final ProviderInfo TOOLS = ProviderInfo.builder().vendor("anthropic").model("m")
                .capabilities(Capability.TOOLS).build();

        @Bean
        @Order(1)
        ScriptedProvider translator() {
            return ScriptedProvider.named("translator", TOOLS).otherwise(calls(EMPTIED));
        }

        @Bean
        @Order(2)
        ScriptedProvider direct() {
            return ScriptedProvider.named("direct", TOOLS).otherwise(calls(GOOD));
        }

        private static ScriptedProvider.Step calls(ToolCall call) {
            return chunks(Duration.ZERO, LlmChunk.toolCall(call), LlmChunk.builder()
                    .finishReason(FinishReason.TOOL_CALLS).model("m").message(Message.assistant(List.of(call)))
                    .build());
        }
    }
}
