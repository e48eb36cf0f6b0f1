package io.relay4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * A bad {@code relay4j.*} value fails the start, and the failure names the property and says what it accepts; a
 * provider without the API key its vendor needs is an error naming the provider, never skipped; a key never
 * appears in a failure.
 */
class Relay4jBadPropertiesTest {

    private static final String SECRET = "sk-secret-0123456789";
    private static final String[] GPT = {
            "relay4j.providers.gpt.vendor=openai", "relay4j.providers.gpt.api-key=" + SECRET,
            "relay4j.providers.gpt.model=gpt-4o-mini"};

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("relay4j.router.timeouts.first-token=-1s", "relay4j.router.timeouts.first-token",
                        "positive"),
                Arguments.of("relay4j.router.timeouts.idle=soon", "relay4j.router.timeouts.idle", "Duration"),
                Arguments.of("relay4j.router.retry.max-backoff=1ms", "relay4j.router.retry.max-backoff",
                        "must not be shorter than initialBackoff"),
                Arguments.of("relay4j.router.retry.jitter-factor=2", "relay4j.router.retry.jitter-factor",
                        "between 0 and 1"),
                Arguments.of("relay4j.router.cooldown.max=1s", "relay4j.router.cooldown.max",
                        "must not be shorter than the base cooldown"),
                Arguments.of("relay4j.router.cooldown.slow-start=-1s", "relay4j.router.cooldown.slow-start",
                        "must not be negative"),
                Arguments.of("relay4j.router.cooldown.slow-start-aggression=0",
                        "relay4j.router.cooldown.slow-start-aggression", "at least 0.1"),
                Arguments.of("relay4j.router.cooldown.slow-start-min-percent=101",
                        "relay4j.router.cooldown.slow-start-min-percent", "from 0 to 100"),
                Arguments.of("relay4j.router.outliers.window-size=0", "relay4j.router.outliers.window-size",
                        "from 1 to 10000"),
                Arguments.of("relay4j.router.outliers.window-duration=0s", "relay4j.router.outliers.window-duration",
                        "must be positive"),
                Arguments.of("relay4j.router.outliers.minimum-volume=101", "relay4j.router.outliers.minimum-volume",
                        "must not be larger than windowSize (100)"),
                Arguments.of("relay4j.router.outliers.failure-rate-percent=0",
                        "relay4j.router.outliers.failure-rate-percent", "from 1 to 100"),
                Arguments.of("relay4j.router.outliers.consecutive-failures=0",
                        "relay4j.router.outliers.consecutive-failures", "from 1 to 10000"),
                Arguments.of("relay4j.router.outliers.max-ejection-percent=101",
                        "relay4j.router.outliers.max-ejection-percent", "from 0 to 100"),
                Arguments.of("relay4j.router.tool-arguments-validation=xml-schema",
                        "relay4j.router.tool-arguments-validation", "JSON_SCHEMA"),
                Arguments.of("relay4j.router.hedging.delay=p100", "relay4j.router.hedging.delay", "(0, 100)"),
                Arguments.of("relay4j.router.hedging.delay=sometimes", "relay4j.router.hedging.delay",
                        "neither a duration"),
                Arguments.of("relay4j.router.hedging.budget-fraction=2", "relay4j.router.hedging.budget-fraction",
                        "(0, 1]"),
                Arguments.of("relay4j.router.streaming.hold-back-chars=-1",
                        "relay4j.router.streaming.hold-back-chars", "must not be negative"),
                Arguments.of("relay4j.router.max-attempts-per-request=0",
                        "relay4j.router.max-attempts-per-request", "at least 1"),
                Arguments.of("relay4j.router.strategy=fastest", "relay4j.router.strategy", "PRIORITY"),
                Arguments.of("relay4j.router.budgets.warning-ratio=0", "relay4j.router.budgets.warning-ratio",
                        "above 0 and at most 1"),
                Arguments.of("relay4j.router.pricing.csv=classpath:bad-prices.csv", "relay4j.router.pricing.csv",
                        "vendor,model,input,output,cached_input"),
                Arguments.of("relay4j.router.pricing.csv=classpath:no-such-prices.csv", "relay4j.router.pricing.csv",
                        "cannot be read"),
                Arguments.of("relay4j.router.error-policies.stream-interrupted.action=fall-over",
                        "relay4j.router.error-policies.stream-interrupted", "has no policy"),
                Arguments.of("relay4j.router.error-policies.timeout.action=give-up",
                        "relay4j.router.error-policies.timeout.action", "FALL_OVER"),
                Arguments.of("relay4j.providers.gpt.vendor=openia", "relay4j.providers.gpt.vendor", "ANTHROPIC"),
                Arguments.of("relay4j.providers.gpt.weight=-1", "relay4j.providers.gpt.weight", "0 or more"),
                Arguments.of("relay4j.providers.gpt.concurrency-limit=0", "relay4j.providers.gpt.concurrency-limit",
                        "at least 1"),
                Arguments.of("relay4j.providers.gpt.adaptive-concurrency.max-limit=64",
                        "relay4j.providers.gpt.adaptive-concurrency.enabled", "set it to true"),
                Arguments.of("relay4j.providers.gpt.base-url=ftp://example.com", "relay4j.providers.gpt.base-url",
                        "http"),
                Arguments.of("relay4j.providers.gpt.budget.day=-5", "relay4j.providers.gpt.budget.day", "positive"),
                Arguments.of("relay4j.providers.gpt.aliases.fast= ", "relay4j.providers.gpt.aliases.fast", "blank"),
                Arguments.of("relay4j.providers.gpt.deployment=prod", "relay4j.providers.gpt.deployment",
                        "azure-openai only"),
                Arguments.of("relay4j.providers.gpt.max-connections=0", "relay4j.providers.gpt.max-connections",
                        "at least"));
    }

    static Stream<Arguments> badAdaptiveConcurrency() {
        String p = "relay4j.providers.gpt.adaptive-concurrency.";
        return Stream.of(
                Arguments.of(p + "min-limit=0", p + "min-limit", "1 <= min <= max"),
                Arguments.of(p + "max-limit=0", p + "max-limit", "1 <= min <= max"),
                Arguments.of(p + "initial-limit=300", p + "initial-limit", "within the limits 1..200"),
                Arguments.of(p + "backoff-ratio=1", p + "backoff-ratio", "above 0 and below 1"),
                Arguments.of(p + "latency-tolerance=1", p + "latency-tolerance", "above 1"),
                Arguments.of(p + "rate-limit-headroom=1", p + "rate-limit-headroom", "at least 0 and below 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAdaptiveConcurrency")
    void aBadAdaptiveConcurrencyValueFailsTheStartNamingThePropertyAndWhatItAccepts(String setting, String property,
                                                                                    String accepts) {
        Relay4jAutoConfigurationTest.RUNNER.withPropertyValues(GPT)
                .withPropertyValues("relay4j.providers.gpt.adaptive-concurrency.enabled=true", setting)
                .run(context -> assertThat(failureText(context)).contains(property).contains(accepts));
    }

    @Test
    void adaptiveConcurrencyWithAFixedConcurrencyLimitFailsTheStartNamingBoth() {
        Relay4jAutoConfigurationTest.RUNNER.withPropertyValues(GPT)
                .withPropertyValues("relay4j.providers.gpt.adaptive-concurrency.enabled=true",
                        "relay4j.providers.gpt.concurrency-limit=8")
                .run(context -> assertThat(failureText(context))
                        .contains("relay4j.providers.gpt.adaptive-concurrency.enabled",
                                "relay4j.providers.gpt.concurrency-limit", "set one of them"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void aBadValueFailsTheStartNamingThePropertyAndWhatItAccepts(String setting, String property, String accepts) {
        Relay4jAutoConfigurationTest.RUNNER.withPropertyValues(GPT).withPropertyValues(setting).run(context -> {
            String failure = failureText(context);
            assertThat(failure).contains(property).contains(accepts).doesNotContain(SECRET);
        });
    }

    @Test
    void aProviderWithoutTheKeyItsVendorNeedsIsAnErrorNamingTheProvider() {
        Relay4jAutoConfigurationTest.RUNNER.withPropertyValues(
                        "relay4j.providers.gpt.vendor=openai", "relay4j.providers.gpt.model=gpt-4o-mini",
                        "relay4j.providers.claude.vendor=anthropic", "relay4j.providers.claude.model=claude-haiku-4-5",
                        "relay4j.providers.claude.api-key=")
                .run(context -> assertThat(failureText(context))
                        .contains("relay4j.providers.gpt.api-key", "provider 'gpt' (openai) needs an API key",
                                "${OPENAI_API_KEY}"));
        Relay4jAutoConfigurationTest.RUNNER.withPropertyValues(GPT).withPropertyValues(
                        "relay4j.providers.claude.vendor=anthropic", "relay4j.providers.claude.model=claude-haiku-4-5",
                        "relay4j.providers.claude.api-key=")
                .run(context -> assertThat(failureText(context))
                        .contains("relay4j.providers.claude.api-key", "provider 'claude' (anthropic) needs an API key")
                        .doesNotContain(SECRET));
    }

    @Test
    void aKeyFromAnUnsetEnvironmentVariableIsAnErrorNamingTheProviderAndTheVariable() {
        Relay4jAutoConfigurationTest.RUNNER.withPropertyValues("relay4j.providers.gpt.vendor=openai",
                        "relay4j.providers.gpt.model=gpt-4o-mini",
                        "relay4j.providers.gpt.api-key=${RELAY4J_TEST_UNSET_VARIABLE}")
                .run(context -> assertThat(failureText(context)).contains("relay4j.providers.gpt.api-key",
                        "provider 'gpt' has no API key", "${RELAY4J_TEST_UNSET_VARIABLE} is not resolved"));
    }

    @Test
    void aKeylessServerNeedsNoKey() {
        Relay4jAutoConfigurationTest.RUNNER.withPropertyValues("relay4j.providers.local.vendor=openai-compatible",
                        "relay4j.providers.local.preset=ollama", "relay4j.providers.local.model=llama3.1:8b",
                        "relay4j.providers.local.api-key=${RELAY4J_TEST_UNSET_VARIABLE:}")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aRequiredConnectionSettingThatIsMissingNamesTheProperty() {
        Relay4jAutoConfigurationTest.RUNNER.withPropertyValues("relay4j.providers.az.vendor=azure-openai",
                        "relay4j.providers.az.api-key=" + SECRET,
                        "relay4j.providers.az.base-url=https://my-resource.openai.azure.com")
                .run(context -> assertThat(failureText(context))
                        .contains("relay4j.providers.az.deployment", "the deployment to call").doesNotContain(SECRET));
        Relay4jAutoConfigurationTest.RUNNER.withPropertyValues("relay4j.providers.vllm.vendor=openai-compatible",
                        "relay4j.providers.vllm.model=qwen")
                .run(context -> assertThat(failureText(context)).contains("relay4j.providers.vllm.base-url"));
        Relay4jAutoConfigurationTest.RUNNER.withPropertyValues("relay4j.providers.gpt.vendor=openai",
                        "relay4j.providers.gpt.api-key=" + SECRET)
                .run(context -> assertThat(failureText(context)).contains("relay4j.providers.gpt.model"));
        Relay4jAutoConfigurationTest.RUNNER.withPropertyValues("relay4j.providers.gpt.model=gpt-4o")
                .run(context -> assertThat(failureText(context)).contains("relay4j.providers.gpt.vendor",
                        "openai, azure-openai, anthropic, gemini or openai-compatible"));
    }

    @Test
    void noProviderAtAllIsAnErrorNotASilentlyEmptyRouter() {
        new ApplicationContextRunner()
                .withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(
                        Relay4jAutoConfiguration.class))
                .run(context -> assertThat(failureText(context)).contains("relay4j.providers",
                        "no provider is configured", "relay4j.enabled=false"));
    }

    @Test
    void aHeaderValueIsNeverShownInAFailure() {
        Relay4jAutoConfigurationTest.RUNNER.withPropertyValues(GPT)
                .withPropertyValues("relay4j.providers.gpt.headers.Authorization=Bearer " + SECRET)
                .run(context -> assertThat(failureText(context))
                        .contains("relay4j.providers.gpt.headers.[Authorization]", "not one the provider sets itself")
                        .doesNotContain(SECRET));
    }

    @Test
    void theFailureAnalyzerReportsThePropertyAndTheAction() {
        Relay4jAutoConfigurationTest.RUNNER.withPropertyValues(GPT)
                .withPropertyValues("relay4j.router.timeouts.first-token=0s")
                .run(context -> {
                    FailureAnalysis analysis = new Relay4jFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription())
                            .startsWith("Invalid relay4j configuration property 'relay4j.router.timeouts.first-token'")
                            .contains("positive");
                    assertThat(analysis.getAction()).contains("relay4j.router.timeouts.first-token");
                });
    }

    /**
     * What Boot prints when the start fails: the report of the first failure analyzer registered in
     * {@code spring.factories} (Boot's and relay4j's) that recognises the failure, else every message of the cause
     * chain.
     */
    static String failureText(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, e) -> { }));
        for (FailureAnalyzer analyzer : analyzers) {
            FailureAnalysis analysis = analyzer.analyze(failure);
            if (analysis != null) {
                return analysis.getDescription() + "\n" + analysis.getAction();
            }
        }
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(t.getClass().getName() + ": " + t.getMessage());
        }
        return String.join("\n", messages);
    }
}
