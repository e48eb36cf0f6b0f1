package io.relay4j.spring.boot.autoconfigure;

import static io.relay4j.spring.boot.autoconfigure.PropertyCheck.invalid;
import static io.relay4j.spring.boot.autoconfigure.PropertyCheck.set;

import io.relay4j.core.LlmRouter;
import io.relay4j.core.budget.BudgetConfig;
import io.relay4j.core.cost.PricingTable;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.core.router.ErrorPolicy;
import io.relay4j.core.router.HedgingConfig;
import io.relay4j.core.router.OutlierConfig;
import io.relay4j.core.router.RetryConfig;
import io.relay4j.core.router.RoutingStrategy;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.router.TimeoutConfig;
import io.relay4j.core.validation.ToolArgumentsValidator;
import io.relay4j.spring.boot.autoconfigure.Relay4jProperties.Router;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.Resource;

/**
 * Maps the {@code relay4j.router.*} properties onto the router's configuration values ({@link RetryConfig},
 * {@link CooldownConfig}, {@link OutlierConfig}, {@link TimeoutConfig}, {@link HedgingConfig}, {@link StreamConfig},
 * {@link BudgetConfig}, {@link PricingTable}, {@link ErrorPolicy}, the {@link ToolArgumentsValidator}) through their
 * builders, so each value is checked where relay4j checks it, and a refusal names the property.
 */
final class RouterPolicies {

    private static final String PREFIX = Relay4jProperties.PREFIX + ".router";
    private static final Pattern PERCENTILE = Pattern.compile("[pP](\\d{1,3}(?:\\.\\d+)?)");

    private final Router router;
    private final ClassLoader classLoader;

    /** {@code classLoader} is the application's, where an optional module such as relay4j-validation is looked for. */
    RouterPolicies(Router router, ClassLoader classLoader) {
        this.router = router;
        this.classLoader = classLoader;
    }

    /** Applies every router property except the budgets (see {@link #budgets()}) to {@code builder}. */
    void applyTo(LlmRouter.Builder builder) {
        builder.strategy(strategy());
        set(PREFIX + ".max-attempts-per-request", router.getMaxAttemptsPerRequest(), builder::maxAttemptsPerRequest);
        builder.panicMode(router.isPanicMode());
        builder.logging(router.isLogging());
        builder.retry(retry());
        builder.cooldown(cooldown());
        builder.outliers(outliers());
        builder.timeouts(timeouts());
        builder.hedging(hedging());
        builder.streaming(streaming());
        builder.pricing(pricing());
        toolArgumentsValidator().ifPresent(builder::toolArgumentsValidator);
        router.getErrorPolicies().keySet().forEach(type ->
                set(errorPolicyProperty(type), type, t -> builder.errorPolicy(t, errorPolicy(t))));
    }

    /** The policy for {@code type}: its default, with the action and cooldown the properties set. */
    ErrorPolicy errorPolicy(ErrorType type) {
        ErrorPolicy.Builder b = ErrorPolicy.defaultFor(type).toBuilder();
        Relay4jProperties.ErrorPolicyProperties policy = router.getErrorPolicies().get(type);
        if (policy != null) {
            set(errorPolicyProperty(type) + ".action", policy.getAction(), b::action);
            set(errorPolicyProperty(type) + ".cooldown", policy.getCooldown(), b::cooldown);
        }
        return b.build();
    }

    private static String errorPolicyProperty(ErrorType type) {
        return PREFIX + ".error-policies." + type.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private RoutingStrategy strategy() {
        return switch (router.getStrategy()) {
            case PRIORITY -> RoutingStrategy.priority();
            case ROUND_ROBIN -> RoutingStrategy.roundRobin();
            case WEIGHTED_RANDOM -> RoutingStrategy.weightedRandom();
            case LEAST_LATENCY -> RoutingStrategy.leastLatency();
            case LEAST_IN_FLIGHT -> RoutingStrategy.leastInFlight();
            case LOWEST_COST -> RoutingStrategy.lowestCost();
        };
    }

    RetryConfig retry() {
        String p = PREFIX + ".retry";
        Relay4jProperties.Retry r = router.getRetry();
        RetryConfig.Builder b = RetryConfig.custom();
        set(p + ".initial-backoff", r.getInitialBackoff(), b::initialBackoff);
        set(p + ".max-backoff", r.getMaxBackoff(), b::maxBackoff);
        set(p + ".multiplier", r.getMultiplier(), b::multiplier);
        set(p + ".jitter-factor", r.getJitterFactor(), b::jitterFactor);
        set(p + ".max-retries-in-place", r.getMaxRetriesInPlace(), b::maxRetriesInPlace);
        set(p + ".max-retry-after-in-place", r.getMaxRetryAfterInPlace(), b::maxRetryAfterInPlace);
        return build(p + ".max-backoff", b::build);
    }

    CooldownConfig cooldown() {
        String p = PREFIX + ".cooldown";
        Relay4jProperties.Cooldown c = router.getCooldown();
        CooldownConfig.Builder b = CooldownConfig.custom();
        set(p + ".base", c.getBase(), b::base);
        set(p + ".multiplier", c.getMultiplier(), b::multiplier);
        set(p + ".max", c.getMax(), b::max);
        set(p + ".long-cooldown", c.getLongCooldown(), b::longCooldown);
        set(p + ".slow-start", c.getSlowStart(), b::slowStart);
        set(p + ".slow-start-aggression", c.getSlowStartAggression(), b::slowStartAggression);
        set(p + ".slow-start-min-percent", c.getSlowStartMinPercent(), b::slowStartMinPercent);
        return build(p + ".max", b::build);
    }

    OutlierConfig outliers() {
        String p = PREFIX + ".outliers";
        Relay4jProperties.Outliers o = router.getOutliers();
        OutlierConfig.Builder b = OutlierConfig.custom();
        set(p + ".window-size", o.getWindowSize(), b::windowSize);
        set(p + ".window-duration", o.getWindowDuration(), b::windowDuration);
        set(p + ".minimum-volume", o.getMinimumVolume(), b::minimumVolume);
        set(p + ".failure-rate-percent", o.getFailureRatePercent(), b::failureRatePercent);
        set(p + ".consecutive-failures", o.getConsecutiveFailures(), b::consecutiveFailures);
        set(p + ".max-ejection-percent", o.getMaxEjectionPercent(), b::maxEjectionPercent);
        return build(p + ".minimum-volume", b::build);
    }

    /**
     * The validator {@code tool-arguments-validation} asks for, if any. relay4j-validation is an optional dependency,
     * so its presence is checked in the application's class loader before {@link JsonSchemaToolArguments} (the only
     * class that names it) is loaded.
     */
    Optional<ToolArgumentsValidator> toolArgumentsValidator() {
        return switch (router.getToolArgumentsValidation()) {
            case NONE -> Optional.empty();
            case JSON_SCHEMA -> {
                PropertyCheck.requireModule(PREFIX + ".tool-arguments-validation", "json-schema", "relay4j-validation",
                        JsonSchemaToolArguments.VALIDATOR_CLASS, classLoader, "set none");
                yield Optional.of(JsonSchemaToolArguments.validator());
            }
        };
    }

    TimeoutConfig timeouts() {
        String p = PREFIX + ".timeouts";
        Relay4jProperties.Timeouts t = router.getTimeouts();
        TimeoutConfig.Builder b = TimeoutConfig.custom();
        set(p + ".first-token", t.getFirstToken(), b::firstToken);
        set(p + ".idle", t.getIdle(), b::idle);
        set(p + ".attempt", t.getAttempt(), b::attempt);
        set(p + ".request", t.getRequest(), b::request);
        return b.build();
    }

    HedgingConfig hedging() {
        String p = PREFIX + ".hedging";
        Relay4jProperties.Hedging h = router.getHedging();
        HedgingConfig.Builder b = HedgingConfig.custom();
        // the other settings are checked even while hedging is off, so a bad one never waits for the day it is on
        set(p + ".min-samples", h.getMinSamples(), b::minSamples);
        set(p + ".max-hedges", h.getMaxHedges(), b::maxHedges);
        set(p + ".budget-fraction", h.getBudgetFraction(), b::budgetFraction);
        set(p + ".budget-burst", h.getBudgetBurst(), b::budgetBurst);
        if (h.getDelay() == null || h.getDelay().isBlank()) {
            return HedgingConfig.ofDefaults();
        }
        String delay = h.getDelay().strip();
        Matcher percentile = PERCENTILE.matcher(delay);
        if (percentile.matches()) {
            double value = Double.parseDouble(percentile.group(1));
            Duration floor = h.getDelayFloor();
            Duration ceiling = h.getDelayCeiling();
            if (floor == null || floor.isNegative() || floor.isZero()) {
                throw invalid(p + ".delay-floor", "'" + floor + "' is not accepted: the floor of a percentile delay"
                        + " must be a positive duration (200ms)");
            }
            if (ceiling == null || ceiling.compareTo(floor) < 0) {
                throw invalid(p + ".delay-ceiling", "'" + ceiling + "' is not accepted: the ceiling of a percentile"
                        + " delay must be a duration of at least delay-floor (" + floor + ")");
            }
            set(p + ".delay", delay, d -> b.percentileDelay(value, floor, ceiling));
        } else {
            set(p + ".delay", parseDelay(p + ".delay", delay), b::fixedDelay);
        }
        return b.build();
    }

    private static Duration parseDelay(String property, String delay) {
        try {
            return DurationStyle.detectAndParse(delay);
        } catch (RuntimeException e) {
            throw invalid(property, "'" + delay + "' is neither a duration (300ms, 2s, PT0.5S) nor a percentile"
                    + " of recent latencies between p0 and p100 exclusive (p95, p99.9)");
        }
    }

    StreamConfig streaming() {
        String p = PREFIX + ".streaming";
        Relay4jProperties.Streaming s = router.getStreaming();
        StreamConfig.Builder b = StreamConfig.custom();
        set(p + ".hold-back-chars", s.getHoldBackChars(), b::holdBackChars);
        set(p + ".hold-back", s.getHoldBack(), b::holdBack);
        set(p + ".resume", s.isResume(), b::resume);
        set(p + ".max-partial-chars", s.getMaxPartialChars(), b::maxPartialChars);
        return b.build();
    }

    /** The router's budget limits, warning ratio and reservation. */
    BudgetConfig budgets() {
        String p = PREFIX + ".budgets";
        Relay4jProperties.Budgets budgets = router.getBudgets();
        BudgetConfig.Builder b = BudgetConfig.custom();
        set(p + ".warning-ratio", budgets.getWarningRatio(), b::warningRatio);
        set(p + ".reserved-output-tokens", budgets.getReservedOutputTokens(), b::reservedOutputTokens);
        budgets.getLimits().forEach((provider, limits) -> limits.forEach((period, usd) ->
                set(PropertyCheck.child(p + ".limits", provider) + "." + period.tag(), usd,
                        amount -> b.limit(provider, amount, period))));
        return b.build();
    }

    /** Whether any budget property differs from relay4j's defaults. */
    boolean budgetsConfigured() {
        return !budgets().equals(BudgetConfig.ofDefaults());
    }

    PricingTable pricing() {
        String p = PREFIX + ".pricing";
        Relay4jProperties.Pricing pricing = router.getPricing();
        Resource csv = pricing.getCsv();
        if (csv == null) {
            return pricing.isDefaults() ? PricingTable.defaults() : PricingTable.builder().build();
        }
        PricingTable.Builder b = PricingTable.builder();
        if (pricing.isDefaults()) {
            b.defaults();
        }
        // read once at startup, on the thread that builds the context
        try (Reader reader = new InputStreamReader(csv.getInputStream(), StandardCharsets.UTF_8)) {
            b.load(reader, csv.getDescription());
        } catch (IOException e) {
            throw invalid(p + ".csv", csv.getDescription() + " cannot be read (" + e.getMessage() + "): give a"
                    + " readable resource, such as classpath:prices.csv or file:/etc/relay4j/prices.csv");
        } catch (RuntimeException e) {
            throw invalid(p + ".csv", e.getMessage() + " (expected: a header vendor,model,input,output,cached_input,"
                    + " then one model a line in US dollars per million tokens)");
        }
        return b.build();
    }

    private static <T> T build(String property, Supplier<T> build) {
        try {
            return build.get();
        } catch (RuntimeException e) {
            throw invalid(property, e.getMessage());
        }
    }
}
