package io.relay4j.spring.boot.autoconfigure;

import io.relay4j.core.Capability;
import io.relay4j.core.budget.BudgetConfig;
import io.relay4j.core.budget.BudgetPeriod;
import io.relay4j.core.error.ErrorType;
import io.relay4j.core.router.AdaptiveConcurrency;
import io.relay4j.core.router.CooldownConfig;
import io.relay4j.core.router.ErrorPolicy;
import io.relay4j.core.router.HedgingConfig;
import io.relay4j.core.router.OutlierConfig;
import io.relay4j.core.router.RetryConfig;
import io.relay4j.core.router.StreamConfig;
import io.relay4j.core.router.TimeoutConfig;
import io.relay4j.providers.compatible.CompatibleServer;
import io.relay4j.providers.openai.TokenLimitField;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * The {@code relay4j.*} properties an {@link io.relay4j.core.LlmRouter} bean is built from: the providers (in
 * priority order), the router's policies and where its state is kept (fleet mode on Redis). Every value is checked when the router is built, at startup; a bad
 * one fails the start with a message naming the property and what it accepts.
 *
 * <p>Router settings left unset keep the router's defaults, which these fields start from (so
 * {@code /actuator/configprops} shows what is in force); per-provider overrides left unset take the router's.
 */
@ConfigurationProperties(Relay4jProperties.PREFIX)
public class Relay4jProperties {

    /** The prefix of every property here. */
    public static final String PREFIX = "relay4j";

    /**
     * Whether to build the router from these properties (default true); false leaves relay4j unconfigured, for a
     * test or a profile that brings its own router.
     */
    private boolean enabled = true;

    /**
     * The providers by name, in priority order (the order they are written in): the first is tried first. The
     * name is the provider's name in attempts, metrics, health and the relay4j endpoint.
     */
    private Map<String, Provider> providers = new LinkedHashMap<>();

    /**
     * The router's policies: strategy, retries, cooldowns, outlier ejection, deadlines, hedging, streaming, budgets,
     * pricing, tool-argument validation.
     */
    private Router router = new Router();

    /** What this instance shares with the other instances of the service (fleet mode). */
    private State state = new State();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Map<String, Provider> getProviders() {
        return providers;
    }

    public void setProviders(Map<String, Provider> providers) {
        this.providers = providers;
    }

    public Router getRouter() {
        return router;
    }

    public void setRouter(Router router) {
        this.router = router;
    }

    public State getState() {
        return state;
    }

    public void setState(State state) {
        this.state = state;
    }

    /** The wire protocol a configured provider speaks. */
    public enum Vendor {
        /** OpenAI Chat Completions ({@code https://api.openai.com/v1}); needs an API key. */
        OPENAI,
        /** Azure OpenAI: needs an API key, {@code base-url} (the resource endpoint) and {@code deployment}. */
        AZURE_OPENAI,
        /** Anthropic Messages ({@code https://api.anthropic.com/v1}); needs an API key. */
        ANTHROPIC,
        /** Google Gemini ({@code https://generativelanguage.googleapis.com/v1beta}); needs an API key. */
        GEMINI,
        /**
         * A server speaking the OpenAI format, described by {@code preset}: Ollama, vLLM, Groq, Mistral, DeepSeek,
         * OpenRouter, Together, or generic (then {@code base-url} is required).
         */
        OPENAI_COMPATIBLE
    }

    /** How the router orders the providers per request. */
    public enum Strategy {
        /** The configured order (the default). */
        PRIORITY,
        /** Each request starts one provider further along the configured order. */
        ROUND_ROBIN,
        /** The first provider drawn at random in proportion to its {@code weight}. */
        WEIGHTED_RANDOM,
        /** Fastest first, by recent latency. */
        LEAST_LATENCY,
        /** Fewest calls in progress first. */
        LEAST_IN_FLIGHT,
        /** Cheapest first, by the pricing table. */
        LOWEST_COST
    }

    /** How the router checks a tool call's arguments before it releases the call. */
    public enum ToolArgumentsValidation {
        /**
         * Only that the arguments are a JSON object and the tool was declared in the request (the default; the router
         * always checks that much).
         */
        NONE,
        /**
         * Also against the tool's JSON Schema ({@code JsonSchemaToolArgumentsValidator}); needs
         * {@code io.relay4j:relay4j-validation} on the class path.
         */
        JSON_SCHEMA
    }

    /** One provider: the vendor's connection settings and the router's options for it. */
    public static class Provider {

        /**
         * The wire protocol: openai, azure-openai, anthropic, gemini or openai-compatible (with a preset). May be
         * left out only when the application has an LlmProvider bean of this name (the properties then set its
         * router options).
         */
        private Vendor vendor;

        /**
         * For vendor openai-compatible: which server (ollama, vllm, groq, mistral, deepseek, openrouter, together,
         * generic; default generic). It sets the default base URL, whether a key is needed and the token-limit field.
         */
        private CompatibleServer preset;

        /**
         * The vendor's API key, typically from the environment: ${OPENAI_API_KEY}. Required for every vendor
         * except the keyless openai-compatible presets (ollama, vllm, generic). Never logged or shown.
         */
        private String apiKey;

        /** The model used when a request names none. Required, except for azure-openai (default: the deployment). */
        private String model;

        /**
         * Another endpoint: a proxy, a gateway, a local server (http or https). Default: the vendor's public API.
         * Required for azure-openai (the resource endpoint, https://my-resource.openai.azure.com) and for a
         * generic openai-compatible server.
         */
        private String baseUrl;

        /** Azure OpenAI only: the deployment to call (required for azure-openai). */
        private String deployment;

        /**
         * Azure OpenAI only: the api-version of the classic deployment URL (for example 2024-10-21); unset: the v1
         * API.
         */
        private String apiVersion;

        /** OpenAI only: the OpenAI-Organization header. */
        private String organization;

        /** OpenAI only: the OpenAI-Project header. */
        private String project;

        /** Anthropic only: the max_tokens sent when a request sets none (Anthropic requires one; default 1024). */
        private Integer defaultMaxTokens;

        /**
         * OpenAI-format vendors only: the request field for the output-token limit, max-completion-tokens or
         * max-tokens. Default: the vendor's or preset's.
         */
        private TokenLimitField tokenLimitField;

        /**
         * openai-compatible only: whether streams ask for usage (stream_options.include_usage). Default: the
         * preset's.
         */
        private Boolean includeStreamUsage;

        /** Deadline for the TCP and TLS connection (default 5s). */
        private Duration connectTimeout;

        /**
         * Deadline from sending to the response headers, a transport guard for use without a router (default
         * 10m); the router's first-token deadline is the one that matters.
         */
        private Duration responseHeadersTimeout;

        /**
         * Extra headers sent on every call, by name (a gateway's routing header, say). Authentication and framing
         * headers are refused.
         */
        private Map<String, String> headers = new LinkedHashMap<>();

        /** Connection pool: open connections at most (default 500). */
        private Integer maxConnections;

        /** Connection pool: calls that may wait for a connection (default twice max-connections). */
        private Integer pendingAcquireMaxCount;

        /** Connection pool: an idle connection older than this is closed instead of reused (default 30s). */
        private Duration maxIdleTime;

        /** Connection pool: a connection older than this is closed instead of reused (default 5m). */
        private Duration maxLifeTime;

        /** Connection pool: how often expired connections are swept (default 30s; 0: never). */
        private Duration evictInBackground;

        /** Whether one unparseable stream event fails the stream (true) or is skipped (false, the default). */
        private Boolean strictStreams;

        /** The model's context window in tokens; the router skips this provider for a request that cannot fit. */
        private Integer contextWindowTokens;

        /**
         * What this provider can serve beyond text, replacing the vendor's default: tools, parallel-tool-calls,
         * images, structured-output, reasoning. Unset: the vendor's (or preset's) default.
         */
        private Set<Capability> capabilities;

        /** The largest server-sent event accepted, in bytes (default 1 MiB). */
        private Integer maxEventBytes;

        /** The largest whole response body accepted, in bytes (default 8 MiB). */
        private Integer maxResponseBytes;

        /** From an attempt's start to the first text (or the whole answer), instead of the router's first-token. */
        private Duration firstTokenTimeout;

        /** The longest silence between stream chunks while the consumer waits, instead of the router's idle. */
        private Duration idleTimeout;

        /** The most one call to this provider may take, instead of the router's attempt deadline. */
        private Duration attemptTimeout;

        /**
         * At most this many calls in progress (at least 1); a request that finds it full skips it. Default: none.
         * Not with adaptive-concurrency.
         */
        private Integer concurrencyLimit;

        /**
         * A limit on the calls in progress that the router adapts (AIMD) to what the vendor takes, instead of a fixed
         * concurrency-limit: off unless adaptive-concurrency.enabled is true.
         */
        private AdaptiveConcurrencyProperties adaptiveConcurrency = new AdaptiveConcurrencyProperties();

        /**
         * The share of first tries under the weighted-random strategy (0 or more; default 1; 0: fallback only).
         */
        private Double weight;

        /**
         * Model aliases: a logical name (fast, smart) mapped to this provider's model id; a request naming the
         * alias goes only to providers that declare it, each asked for its own model.
         */
        private Map<String, String> aliases = new LinkedHashMap<>();

        /** Model ids this provider serves besides its configured model. */
        private List<String> models = new ArrayList<>();

        /**
         * Spending limits in US dollars per UTC period (hour, day, month), for example budget.day=50; the provider
         * is skipped while one is spent.
         */
        private Map<BudgetPeriod, BigDecimal> budget = new EnumMap<>(BudgetPeriod.class);

        public Vendor getVendor() {
            return vendor;
        }

        public void setVendor(Vendor vendor) {
            this.vendor = vendor;
        }

        public CompatibleServer getPreset() {
            return preset;
        }

        public void setPreset(CompatibleServer preset) {
            this.preset = preset;
        }

        public String getApiKey() {
            return apiKey;
        }

        public void setApiKey(String apiKey) {
            this.apiKey = apiKey;
        }

        public String getModel() {
            return model;
        }

        public void setModel(String model) {
            this.model = model;
        }

        public String getBaseUrl() {
            return baseUrl;
        }

        public void setBaseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        public String getDeployment() {
            return deployment;
        }

        public void setDeployment(String deployment) {
            this.deployment = deployment;
        }

        public String getApiVersion() {
            return apiVersion;
        }

        public void setApiVersion(String apiVersion) {
            this.apiVersion = apiVersion;
        }

        public String getOrganization() {
            return organization;
        }

        public void setOrganization(String organization) {
            this.organization = organization;
        }

        public String getProject() {
            return project;
        }

        public void setProject(String project) {
            this.project = project;
        }

        public Integer getDefaultMaxTokens() {
            return defaultMaxTokens;
        }

        public void setDefaultMaxTokens(Integer defaultMaxTokens) {
            this.defaultMaxTokens = defaultMaxTokens;
        }

        public TokenLimitField getTokenLimitField() {
            return tokenLimitField;
        }

        public void setTokenLimitField(TokenLimitField tokenLimitField) {
            this.tokenLimitField = tokenLimitField;
        }

        public Boolean getIncludeStreamUsage() {
            return includeStreamUsage;
        }

        public void setIncludeStreamUsage(Boolean includeStreamUsage) {
            this.includeStreamUsage = includeStreamUsage;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getResponseHeadersTimeout() {
            return responseHeadersTimeout;
        }

        public void setResponseHeadersTimeout(Duration responseHeadersTimeout) {
            this.responseHeadersTimeout = responseHeadersTimeout;
        }

        public Map<String, String> getHeaders() {
            return headers;
        }

        public void setHeaders(Map<String, String> headers) {
            this.headers = headers;
        }

        public Integer getMaxConnections() {
            return maxConnections;
        }

        public void setMaxConnections(Integer maxConnections) {
            this.maxConnections = maxConnections;
        }

        public Integer getPendingAcquireMaxCount() {
            return pendingAcquireMaxCount;
        }

        public void setPendingAcquireMaxCount(Integer pendingAcquireMaxCount) {
            this.pendingAcquireMaxCount = pendingAcquireMaxCount;
        }

        public Duration getMaxIdleTime() {
            return maxIdleTime;
        }

        public void setMaxIdleTime(Duration maxIdleTime) {
            this.maxIdleTime = maxIdleTime;
        }

        public Duration getMaxLifeTime() {
            return maxLifeTime;
        }

        public void setMaxLifeTime(Duration maxLifeTime) {
            this.maxLifeTime = maxLifeTime;
        }

        public Duration getEvictInBackground() {
            return evictInBackground;
        }

        public void setEvictInBackground(Duration evictInBackground) {
            this.evictInBackground = evictInBackground;
        }

        public Boolean getStrictStreams() {
            return strictStreams;
        }

        public void setStrictStreams(Boolean strictStreams) {
            this.strictStreams = strictStreams;
        }

        public Integer getContextWindowTokens() {
            return contextWindowTokens;
        }

        public void setContextWindowTokens(Integer contextWindowTokens) {
            this.contextWindowTokens = contextWindowTokens;
        }

        public Set<Capability> getCapabilities() {
            return capabilities;
        }

        public void setCapabilities(Set<Capability> capabilities) {
            this.capabilities = capabilities == null ? null : new LinkedHashSet<>(capabilities);
        }

        public Integer getMaxEventBytes() {
            return maxEventBytes;
        }

        public void setMaxEventBytes(Integer maxEventBytes) {
            this.maxEventBytes = maxEventBytes;
        }

        public Integer getMaxResponseBytes() {
            return maxResponseBytes;
        }

        public void setMaxResponseBytes(Integer maxResponseBytes) {
            this.maxResponseBytes = maxResponseBytes;
        }

        public Duration getFirstTokenTimeout() {
            return firstTokenTimeout;
        }

        public void setFirstTokenTimeout(Duration firstTokenTimeout) {
            this.firstTokenTimeout = firstTokenTimeout;
        }

        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public Duration getAttemptTimeout() {
            return attemptTimeout;
        }

        public void setAttemptTimeout(Duration attemptTimeout) {
            this.attemptTimeout = attemptTimeout;
        }

        public Integer getConcurrencyLimit() {
            return concurrencyLimit;
        }

        public void setConcurrencyLimit(Integer concurrencyLimit) {
            this.concurrencyLimit = concurrencyLimit;
        }

        public AdaptiveConcurrencyProperties getAdaptiveConcurrency() {
            return adaptiveConcurrency;
        }

        public void setAdaptiveConcurrency(AdaptiveConcurrencyProperties adaptiveConcurrency) {
            this.adaptiveConcurrency = adaptiveConcurrency;
        }

        public Double getWeight() {
            return weight;
        }

        public void setWeight(Double weight) {
            this.weight = weight;
        }

        public Map<String, String> getAliases() {
            return aliases;
        }

        public void setAliases(Map<String, String> aliases) {
            this.aliases = aliases;
        }

        public List<String> getModels() {
            return models;
        }

        public void setModels(List<String> models) {
            this.models = models;
        }

        public Map<BudgetPeriod, BigDecimal> getBudget() {
            return budget;
        }

        public void setBudget(Map<BudgetPeriod, BigDecimal> budget) {
            this.budget = budget;
        }
    }

    /**
     * {@link AdaptiveConcurrency} for one provider: a limit on its calls in progress that grows by one per limit's
     * worth of successes and shrinks on a throttle, an overload, rate-limit headers near zero or rising latency, so a
     * burst spills to the next provider before the vendor throttles. Off unless {@code enabled} is true; a setting
     * changed while it is off fails the start rather than being ignored. Not with {@code concurrency-limit}.
     */
    public static class AdaptiveConcurrencyProperties {

        /** Whether the provider's calls in progress are limited adaptively (default false). */
        private boolean enabled;

        /** The lowest the limit goes: the provider always takes this many calls at once (at least 1; default 1). */
        private int minLimit = AdaptiveConcurrency.ofDefaults().minLimit();

        /** The highest the limit goes (at least min-limit; default 200). */
        private int maxLimit = AdaptiveConcurrency.ofDefaults().maxLimit();

        /**
         * The limit before any call taught the router more (within min-limit and max-limit; default 20, or the
         * nearest of them).
         */
        private Integer initialLimit;

        /**
         * What a throttle (a 429, an overload, rate-limit headers near zero) multiplies the limit by (above 0 and below
         * 1; default 0.5).
         */
        private double backoffRatio = AdaptiveConcurrency.ofDefaults().backoffRatio();

        /**
         * How many times its baseline the recent latency may reach before the limit is lowered by a tenth (above 1;
         * default 2; Infinity ignores latency, for answers whose lengths vary widely).
         */
        private double latencyTolerance = AdaptiveConcurrency.ofDefaults().latencyTolerance();

        /**
         * The share of the vendor's rate-limit window left at or under which a successful answer lowers the limit (at
         * least 0 and below 1; default 0.05; 0: only a counter at zero).
         */
        private double rateLimitHeadroom = AdaptiveConcurrency.ofDefaults().rateLimitHeadroom();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getMinLimit() {
            return minLimit;
        }

        public void setMinLimit(int minLimit) {
            this.minLimit = minLimit;
        }

        public int getMaxLimit() {
            return maxLimit;
        }

        public void setMaxLimit(int maxLimit) {
            this.maxLimit = maxLimit;
        }

        public Integer getInitialLimit() {
            return initialLimit;
        }

        public void setInitialLimit(Integer initialLimit) {
            this.initialLimit = initialLimit;
        }

        public double getBackoffRatio() {
            return backoffRatio;
        }

        public void setBackoffRatio(double backoffRatio) {
            this.backoffRatio = backoffRatio;
        }

        public double getLatencyTolerance() {
            return latencyTolerance;
        }

        public void setLatencyTolerance(double latencyTolerance) {
            this.latencyTolerance = latencyTolerance;
        }

        public double getRateLimitHeadroom() {
            return rateLimitHeadroom;
        }

        public void setRateLimitHeadroom(double rateLimitHeadroom) {
            this.rateLimitHeadroom = rateLimitHeadroom;
        }
    }

    /** The router's policies; each group maps onto one of relay4j's configuration values. */
    public static class Router {

        /**
         * How providers are ordered per request: priority (default), round-robin, weighted-random, least-latency,
         * least-in-flight, lowest-cost.
         */
        private Strategy strategy = Strategy.PRIORITY;

        /** The most provider calls one request may make, retries and fallbacks together. Default: providers + 2. */
        private Integer maxAttemptsPerRequest;

        /**
         * Whether a request that finds every provider cooling down goes to the one that recovers soonest (true, the
         * default) instead of failing untried.
         */
        private boolean panicMode = true;

        /** Whether the router logs attempts and health changes through SLF4J (default true). */
        private boolean logging = true;

        /** In-place retries of a throttled, overloaded or failing provider before falling over. */
        private Retry retry = new Retry();

        /** How long a failing provider is skipped before it is probed again. */
        private Cooldown cooldown = new Cooldown();

        /** When a provider whose errors are ordinary noise is taken out of rotation: when it stands out. */
        private Outliers outliers = new Outliers();

        /** The deadlines of every request and attempt, for generate and stream alike. */
        private Timeouts timeouts = new Timeouts();

        /** Backup requests to the next provider when one is slow (off by default). */
        private Hedging hedging = new Hedging();

        /** Where a stream commits and whether a broken one resumes on the next provider. */
        private Streaming streaming = new Streaming();

        /** Spending limits shared by the router; a provider's own limits are set with it (budget). */
        private Budgets budgets = new Budgets();

        /** The prices answers are costed at and lowest-cost ranks by. */
        private Pricing pricing = new Pricing();

        /**
         * How tool calls' arguments are checked before a call is released: none (the default: a JSON object, for a
         * declared tool) or json-schema (also against the tool's JSON Schema; needs relay4j-validation). A call that
         * fails the check is an invalid-output error, which falls over.
         */
        private ToolArgumentsValidation toolArgumentsValidation = ToolArgumentsValidation.NONE;

        /**
         * What the router does per error type (policy-violation, rate-limited, timeout, content-filtered, ...): the
         * action (fall-over, retry-then-fall-over, fail-fast) and the cooldown (none, backoff, long). An unset half
         * keeps the type's default.
         */
        private Map<ErrorType, ErrorPolicyProperties> errorPolicies = new EnumMap<>(ErrorType.class);

        public Strategy getStrategy() {
            return strategy;
        }

        public void setStrategy(Strategy strategy) {
            this.strategy = strategy;
        }

        public Integer getMaxAttemptsPerRequest() {
            return maxAttemptsPerRequest;
        }

        public void setMaxAttemptsPerRequest(Integer maxAttemptsPerRequest) {
            this.maxAttemptsPerRequest = maxAttemptsPerRequest;
        }

        public boolean isPanicMode() {
            return panicMode;
        }

        public void setPanicMode(boolean panicMode) {
            this.panicMode = panicMode;
        }

        public boolean isLogging() {
            return logging;
        }

        public void setLogging(boolean logging) {
            this.logging = logging;
        }

        public Retry getRetry() {
            return retry;
        }

        public void setRetry(Retry retry) {
            this.retry = retry;
        }

        public Cooldown getCooldown() {
            return cooldown;
        }

        public void setCooldown(Cooldown cooldown) {
            this.cooldown = cooldown;
        }

        public Outliers getOutliers() {
            return outliers;
        }

        public void setOutliers(Outliers outliers) {
            this.outliers = outliers;
        }

        public ToolArgumentsValidation getToolArgumentsValidation() {
            return toolArgumentsValidation;
        }

        public void setToolArgumentsValidation(ToolArgumentsValidation toolArgumentsValidation) {
            this.toolArgumentsValidation = toolArgumentsValidation;
        }

        public Timeouts getTimeouts() {
            return timeouts;
        }

        public void setTimeouts(Timeouts timeouts) {
            this.timeouts = timeouts;
        }

        public Hedging getHedging() {
            return hedging;
        }

        public void setHedging(Hedging hedging) {
            this.hedging = hedging;
        }

        public Streaming getStreaming() {
            return streaming;
        }

        public void setStreaming(Streaming streaming) {
            this.streaming = streaming;
        }

        public Budgets getBudgets() {
            return budgets;
        }

        public void setBudgets(Budgets budgets) {
            this.budgets = budgets;
        }

        public Pricing getPricing() {
            return pricing;
        }

        public void setPricing(Pricing pricing) {
            this.pricing = pricing;
        }

        public Map<ErrorType, ErrorPolicyProperties> getErrorPolicies() {
            return errorPolicies;
        }

        public void setErrorPolicies(Map<ErrorType, ErrorPolicyProperties> errorPolicies) {
            this.errorPolicies = errorPolicies;
        }
    }

    /** {@link RetryConfig}: in-place retries before falling over. */
    public static class Retry {

        /** The wait before the first in-place retry (positive; default 250ms). */
        private Duration initialBackoff = RetryConfig.ofDefaults().initialBackoff();

        /** The longest wait before an in-place retry (at least initial-backoff; default 2s). */
        private Duration maxBackoff = RetryConfig.ofDefaults().maxBackoff();

        /** Growth of the wait per further retry (at least 1; default 2). */
        private double multiplier = RetryConfig.ofDefaults().multiplier();

        /** The random spread of each wait either way (0 to 1; default 0.2). */
        private double jitterFactor = RetryConfig.ofDefaults().jitterFactor();

        /** In-place retries per provider and request (0 or more; default 1; 0 disables them). */
        private int maxRetriesInPlace = RetryConfig.ofDefaults().maxRetriesInPlace();

        /** The longest retry-after waited out on the same provider (0 or more; default 2s). */
        private Duration maxRetryAfterInPlace = RetryConfig.ofDefaults().maxRetryAfterInPlace();

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public double getJitterFactor() {
            return jitterFactor;
        }

        public void setJitterFactor(double jitterFactor) {
            this.jitterFactor = jitterFactor;
        }

        public int getMaxRetriesInPlace() {
            return maxRetriesInPlace;
        }

        public void setMaxRetriesInPlace(int maxRetriesInPlace) {
            this.maxRetriesInPlace = maxRetriesInPlace;
        }

        public Duration getMaxRetryAfterInPlace() {
            return maxRetryAfterInPlace;
        }

        public void setMaxRetryAfterInPlace(Duration maxRetryAfterInPlace) {
            this.maxRetryAfterInPlace = maxRetryAfterInPlace;
        }
    }

    /** {@link CooldownConfig}: how long a failing provider is skipped. */
    public static class Cooldown {

        /** The first cooldown after a server-side outage (positive; default 2s). */
        private Duration base = CooldownConfig.ofDefaults().base();

        /** Growth per further trip in a row (at least 1; default 2). */
        private double multiplier = CooldownConfig.ofDefaults().multiplier();

        /** The longest backoff cooldown (at least base; default 30s). */
        private Duration max = CooldownConfig.ofDefaults().max();

        /** The cooldown after a ban, a bad key, a spent quota or a missing model (positive; default 10m). */
        private Duration longCooldown = CooldownConfig.ofDefaults().longCooldown();

        /**
         * How long a provider back from a cooldown takes to get its whole share of first tries, the rest going to the
         * next provider first (0 or more; default 30s; 0: all at once).
         */
        private Duration slowStart = CooldownConfig.ofDefaults().slowStart();

        /** How fast the slow start's share grows (at least 0.1; default 1: linear; larger grows faster early). */
        private double slowStartAggression = CooldownConfig.ofDefaults().slowStartAggression();

        /** The share of first tries, in percent, a provider gets when its slow start begins (0 to 100; default 10). */
        private int slowStartMinPercent = CooldownConfig.ofDefaults().slowStartMinPercent();

        public Duration getBase() {
            return base;
        }

        public void setBase(Duration base) {
            this.base = base;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMax() {
            return max;
        }

        public void setMax(Duration max) {
            this.max = max;
        }

        public Duration getLongCooldown() {
            return longCooldown;
        }

        public void setLongCooldown(Duration longCooldown) {
            this.longCooldown = longCooldown;
        }

        public Duration getSlowStart() {
            return slowStart;
        }

        public void setSlowStart(Duration slowStart) {
            this.slowStart = slowStart;
        }

        public double getSlowStartAggression() {
            return slowStartAggression;
        }

        public void setSlowStartAggression(double slowStartAggression) {
            this.slowStartAggression = slowStartAggression;
        }

        public int getSlowStartMinPercent() {
            return slowStartMinPercent;
        }

        public void setSlowStartMinPercent(int slowStartMinPercent) {
            this.slowStartMinPercent = slowStartMinPercent;
        }
    }

    /**
     * {@link OutlierConfig}: a provider is ejected (cooled down) when its failure rate over a sliding window, or its
     * failures in a row, stand out; bans, bad keys, spent quotas and rate limits still take it out at once.
     */
    public static class Outliers {

        /** The most recent calls the failure rate is computed over (1 to 10000; default 100). */
        private int windowSize = OutlierConfig.ofDefaults().windowSize();

        /** How long a call counts in the window (positive; default 30s). */
        private Duration windowDuration = OutlierConfig.ofDefaults().windowDuration();

        /** The fewest calls in the window for its failure rate to eject the provider (1 to window-size; default 20). */
        private int minimumVolume = OutlierConfig.ofDefaults().minimumVolume();

        /** The failure rate, in percent of the calls in the window, that ejects the provider (1 to 100; default 50). */
        private int failureRatePercent = OutlierConfig.ofDefaults().failureRatePercent();

        /** The failures in a row that eject the provider (1 to 10000; default 5; 1: eject at every failure). */
        private int consecutiveFailures = OutlierConfig.ofDefaults().consecutiveFailures();

        /**
         * The largest share of the providers, in percent, that may be out at once after an outlier ejection (0 to
         * 100; default 50; below 100 one always stays in; 0 turns outlier ejection off).
         */
        private int maxEjectionPercent = OutlierConfig.ofDefaults().maxEjectionPercent();

        public int getWindowSize() {
            return windowSize;
        }

        public void setWindowSize(int windowSize) {
            this.windowSize = windowSize;
        }

        public Duration getWindowDuration() {
            return windowDuration;
        }

        public void setWindowDuration(Duration windowDuration) {
            this.windowDuration = windowDuration;
        }

        public int getMinimumVolume() {
            return minimumVolume;
        }

        public void setMinimumVolume(int minimumVolume) {
            this.minimumVolume = minimumVolume;
        }

        public int getFailureRatePercent() {
            return failureRatePercent;
        }

        public void setFailureRatePercent(int failureRatePercent) {
            this.failureRatePercent = failureRatePercent;
        }

        public int getConsecutiveFailures() {
            return consecutiveFailures;
        }

        public void setConsecutiveFailures(int consecutiveFailures) {
            this.consecutiveFailures = consecutiveFailures;
        }

        public int getMaxEjectionPercent() {
            return maxEjectionPercent;
        }

        public void setMaxEjectionPercent(int maxEjectionPercent) {
            this.maxEjectionPercent = maxEjectionPercent;
        }
    }

    /** {@link TimeoutConfig}: the router's deadlines. */
    public static class Timeouts {

        /** From an attempt's start to a stream's first text, or to a whole answer (positive; default 60s). */
        private Duration firstToken = TimeoutConfig.ofDefaults().firstToken();

        /** The longest silence between stream chunks while the consumer waits (positive; default 15s). */
        private Duration idle = TimeoutConfig.ofDefaults().idle();

        /** The most one provider call may take, a whole stream included (positive; default 10m). */
        private Duration attempt = TimeoutConfig.ofDefaults().attempt();

        /** The most a whole request may take, all attempts and waits included (positive; default 15m). */
        private Duration request = TimeoutConfig.ofDefaults().request();

        public Duration getFirstToken() {
            return firstToken;
        }

        public void setFirstToken(Duration firstToken) {
            this.firstToken = firstToken;
        }

        public Duration getIdle() {
            return idle;
        }

        public void setIdle(Duration idle) {
            this.idle = idle;
        }

        public Duration getAttempt() {
            return attempt;
        }

        public void setAttempt(Duration attempt) {
            this.attempt = attempt;
        }

        public Duration getRequest() {
            return request;
        }

        public void setRequest(Duration request) {
            this.request = request;
        }
    }

    /** {@link HedgingConfig}: backup requests for slow calls. */
    public static class Hedging {

        /**
         * The hedge delay, which turns hedging on: a duration (300ms, 2s) or a percentile of the primary provider's
         * recent latencies (p95, p99.9), held between delay-floor and delay-ceiling. Unset: no hedging.
         */
        private String delay;

        /** For a percentile delay: never hedge sooner than this (positive; default 200ms). */
        private Duration delayFloor = Duration.ofMillis(200);

        /**
         * For a percentile delay: never hedge later than this (at least delay-floor; default 2s); also the delay
         * until the provider has min-samples latencies.
         */
        private Duration delayCeiling = Duration.ofSeconds(2);

        /** For a percentile delay: the latencies a provider needs before its percentile is used (default 20). */
        private int minSamples = HedgingConfig.DEFAULT_MIN_SAMPLES;

        /** The most hedges per request (at least 1; default 1). */
        private int maxHedges = HedgingConfig.DEFAULT_MAX_HEDGES;

        /** Hedges per request on average, the extra load allowed (in (0, 1]; default 0.05: 5% more calls). */
        private double budgetFraction = HedgingConfig.DEFAULT_BUDGET_FRACTION;

        /** The most hedges a quiet period saves up for a burst (at least 1; default 10). */
        private int budgetBurst = HedgingConfig.DEFAULT_BUDGET_BURST;

        public String getDelay() {
            return delay;
        }

        public void setDelay(String delay) {
            this.delay = delay;
        }

        public Duration getDelayFloor() {
            return delayFloor;
        }

        public void setDelayFloor(Duration delayFloor) {
            this.delayFloor = delayFloor;
        }

        public Duration getDelayCeiling() {
            return delayCeiling;
        }

        public void setDelayCeiling(Duration delayCeiling) {
            this.delayCeiling = delayCeiling;
        }

        public int getMinSamples() {
            return minSamples;
        }

        public void setMinSamples(int minSamples) {
            this.minSamples = minSamples;
        }

        public int getMaxHedges() {
            return maxHedges;
        }

        public void setMaxHedges(int maxHedges) {
            this.maxHedges = maxHedges;
        }

        public double getBudgetFraction() {
            return budgetFraction;
        }

        public void setBudgetFraction(double budgetFraction) {
            this.budgetFraction = budgetFraction;
        }

        public int getBudgetBurst() {
            return budgetBurst;
        }

        public void setBudgetBurst(int budgetBurst) {
            this.budgetBurst = budgetBurst;
        }
    }

    /** {@link StreamConfig}: commit point and resume. */
    public static class Streaming {

        /** Characters held back before a stream commits (0, the default: commit at the first text token). */
        private int holdBackChars = StreamConfig.ofDefaults().holdBackChars();

        /** Time text is held back after the first token before a stream commits (default 0: none). */
        private Duration holdBack = StreamConfig.ofDefaults().holdBack();

        /**
         * Whether a stream that breaks after its commit point continues on the next provider, emitting only the new
         * text (default false: it ends with StreamInterrupted).
         */
        private boolean resume = StreamConfig.ofDefaults().resume();

        /** The most characters of a stream's delivered text kept for resume and errors (0 or more; default 65536). */
        private int maxPartialChars = StreamConfig.ofDefaults().maxPartialChars();

        public int getHoldBackChars() {
            return holdBackChars;
        }

        public void setHoldBackChars(int holdBackChars) {
            this.holdBackChars = holdBackChars;
        }

        public Duration getHoldBack() {
            return holdBack;
        }

        public void setHoldBack(Duration holdBack) {
            this.holdBack = holdBack;
        }

        public boolean isResume() {
            return resume;
        }

        public void setResume(boolean resume) {
            this.resume = resume;
        }

        public int getMaxPartialChars() {
            return maxPartialChars;
        }

        public void setMaxPartialChars(int maxPartialChars) {
            this.maxPartialChars = maxPartialChars;
        }
    }

    /** {@link BudgetConfig}: spending limits the router tracks. */
    public static class Budgets {

        /** The share of a budget at which a warning is logged, once per period (in (0, 1]; default 0.8). */
        private double warningRatio = BudgetConfig.DEFAULT_WARNING_RATIO;

        /** The output tokens a request without max-tokens reserves against a budget at admission (default 4096). */
        private int reservedOutputTokens = BudgetConfig.DEFAULT_RESERVED_OUTPUT_TOKENS;

        /**
         * Limits by provider name and period in US dollars (limits.openai.day=50), for providers added at run time;
         * give a configured provider's limits with it (relay4j.providers.NAME.budget), not in both places.
         */
        private Map<String, Map<BudgetPeriod, BigDecimal>> limits = new LinkedHashMap<>();

        public double getWarningRatio() {
            return warningRatio;
        }

        public void setWarningRatio(double warningRatio) {
            this.warningRatio = warningRatio;
        }

        public int getReservedOutputTokens() {
            return reservedOutputTokens;
        }

        public void setReservedOutputTokens(int reservedOutputTokens) {
            this.reservedOutputTokens = reservedOutputTokens;
        }

        public Map<String, Map<BudgetPeriod, BigDecimal>> getLimits() {
            return limits;
        }

        public void setLimits(Map<String, Map<BudgetPeriod, BigDecimal>> limits) {
            this.limits = limits;
        }
    }

    /** The pricing table: relay4j's dated snapshot of list prices, and prices of your own. */
    public static class Pricing {

        /** Whether to start from relay4j's shipped snapshot of list prices (default true). */
        private boolean defaults = true;

        /**
         * A CSV of prices added to (or replacing) the snapshot's: a header vendor,model,input,output,cached_input then
         * one model a line, in US dollars per million tokens (classpath:prices.csv, file:/etc/relay4j/prices.csv).
         */
        private Resource csv;

        public boolean isDefaults() {
            return defaults;
        }

        public void setDefaults(boolean defaults) {
            this.defaults = defaults;
        }

        public Resource getCsv() {
            return csv;
        }

        public void setCsv(Resource csv) {
            this.csv = csv;
        }
    }

    /** {@link ErrorPolicy} for one error type. */
    public static class ErrorPolicyProperties {

        /** The request's next step: fall-over, retry-then-fall-over or fail-fast. Unset: the type's default. */
        private ErrorPolicy.Action action;

        /** The failing provider's cooldown: none, backoff or long. Unset: the type's default. */
        private ErrorPolicy.Cooldown cooldown;

        public ErrorPolicy.Action getAction() {
            return action;
        }

        public void setAction(ErrorPolicy.Action action) {
            this.action = action;
        }

        public ErrorPolicy.Cooldown getCooldown() {
            return cooldown;
        }

        public void setCooldown(ErrorPolicy.Cooldown cooldown) {
            this.cooldown = cooldown;
        }
    }

    /** Where the router's state is kept: in this instance (the default) or shared by the fleet. */
    public static class State {

        /**
         * Fleet mode on Redis (needs io.relay4j:relay4j-redis): the instances that share a namespace share provider
         * health and budgets. On when uri is set.
         */
        private RedisState redis = new RedisState();

        public RedisState getRedis() {
            return redis;
        }

        public void setRedis(RedisState redis) {
            this.redis = redis;
        }
    }

    /**
     * Fleet mode on Redis: a {@code RedisFleet} bean built from these settings, whose health store and budget store
     * the router uses. On when {@code uri} is set to a non-blank value; each instance still routes on its own view,
     * so a slow or absent Redis never delays a request.
     */
    public static class RedisState {

        /**
         * The Redis server in Lettuce's URI syntax: redis://[[user]:password@]host[:port][/database], rediss:// for
         * TLS, redis-sentinel://host:26379,host2:26379?sentinelMasterId=name. Setting it turns fleet mode on (blank
         * leaves it off). Never logged or shown in an error, since it may hold a password.
         */
        private String uri;

        /**
         * The fleet: instances with the same namespace on the same Redis share their state. 1 to 100 characters of
         * A-Z a-z 0-9 . _ -. Default: spring.application.name; required when that is not set either.
         */
        private String namespace;

        /** This instance's id in the fleet (its probe leases and records carry it). Default: a random UUID. */
        private String instanceId;

        /** Whether uri names a node of a Redis Cluster (the client then follows the cluster's topology). */
        private boolean cluster;

        /** How long any Redis command may take before the instance goes on with its local state (positive). */
        private Duration commandTimeout = Duration.ofMillis(250);

        /**
         * How often the whole shared state is read again, repairing pub/sub messages lost on the way: the bound on
         * how stale an instance's view gets (positive).
         */
        private Duration resyncInterval = Duration.ofSeconds(5);

        /**
         * Whether the router shares provider health with the fleet: cooldowns, disabled providers, the one half-open
         * probe of the fleet.
         */
        private boolean shareHealth = true;

        /**
         * Whether the router's budgets (relay4j.router.budgets and each provider's budget) are spent by the whole
         * fleet together; the limits stay the configured ones. Not with a BudgetTracker bean of the application's,
         * which keeps its own store.
         */
        private boolean shareBudgets = true;

        public String getUri() {
            return uri;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }

        public String getNamespace() {
            return namespace;
        }

        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }

        public String getInstanceId() {
            return instanceId;
        }

        public void setInstanceId(String instanceId) {
            this.instanceId = instanceId;
        }

        public boolean isCluster() {
            return cluster;
        }

        public void setCluster(boolean cluster) {
            this.cluster = cluster;
        }

        public Duration getCommandTimeout() {
            return commandTimeout;
        }

        public void setCommandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
        }

        public Duration getResyncInterval() {
            return resyncInterval;
        }

        public void setResyncInterval(Duration resyncInterval) {
            this.resyncInterval = resyncInterval;
        }

        public boolean isShareHealth() {
            return shareHealth;
        }

        public void setShareHealth(boolean shareHealth) {
            this.shareHealth = shareHealth;
        }

        public boolean isShareBudgets() {
            return shareBudgets;
        }

        public void setShareBudgets(boolean shareBudgets) {
            this.shareBudgets = shareBudgets;
        }
    }
}
