package io.relay4j.spring.boot.autoconfigure;

import static io.relay4j.spring.boot.autoconfigure.PropertyCheck.invalid;
import static io.relay4j.spring.boot.autoconfigure.PropertyCheck.set;
import static io.relay4j.spring.boot.autoconfigure.PropertyCheck.setSecret;

import io.relay4j.core.LlmProvider;
import io.relay4j.core.router.AdaptiveConcurrency;
import io.relay4j.core.router.ProviderOptions;
import io.relay4j.providers.ProviderBuilder;
import io.relay4j.providers.anthropic.AnthropicProvider;
import io.relay4j.providers.azure.AzureOpenAiProvider;
import io.relay4j.providers.compatible.CompatibleServer;
import io.relay4j.providers.compatible.OpenAiCompatibleProvider;
import io.relay4j.providers.gemini.GeminiProvider;
import io.relay4j.providers.openai.OpenAiProvider;
import io.relay4j.spring.boot.autoconfigure.Relay4jProperties.Provider;
import io.relay4j.spring.boot.autoconfigure.Relay4jProperties.Vendor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds one provider from its {@code relay4j.providers.NAME.*} properties with the vendor's builder, and its
 * {@link ProviderOptions}. Every property is handed to the builder setter that checks it; a property the vendor
 * does not take, a missing model, endpoint or deployment, and a missing API key are refused with the property's
 * name, never skipped.
 */
final class ProviderFactory {

    private final String name;
    private final Provider properties;
    private final String prefix;

    ProviderFactory(String name, Provider properties) {
        this.name = name;
        this.properties = properties;
        this.prefix = PropertyCheck.child(Relay4jProperties.PREFIX + ".providers", name);
    }

    /** The property name of one of this provider's settings. */
    String property(String setting) {
        return prefix + "." + setting;
    }

    /** Whether the properties name a vendor, so that relay4j builds the provider (else it must be a bean). */
    boolean hasVendor() {
        return properties.getVendor() != null;
    }

    /** Refuses connection settings for a provider the application brings as a bean: they would be ignored. */
    void checkOptionsOnly() {
        List<String> ignored = connectionSettingsSet();
        if (!ignored.isEmpty()) {
            throw invalid(property(ignored.get(0)), "provider '" + name + "' is an LlmProvider bean of the"
                    + " application, so relay4j does not build it: configure its connection on the bean; only the"
                    + " router's options (weight, timeouts, aliases, models, budget, concurrency-limit,"
                    + " adaptive-concurrency) apply here");
        }
    }

    LlmProvider build() {
        Vendor vendor = properties.getVendor();
        if (vendor == null) {
            throw invalid(property("vendor"), "provider '" + name + "' has no vendor: set it to openai, azure-openai,"
                    + " anthropic, gemini or openai-compatible (or define an LlmProvider bean named '" + name + "')");
        }
        refuseSettingsOtherVendorsTake(vendor);
        return switch (vendor) {
            case OPENAI -> {
                OpenAiProvider.Builder b = common(OpenAiProvider.builder(), true, "OPENAI_API_KEY");
                set(property("organization"), properties.getOrganization(), b::organization);
                set(property("project"), properties.getProject(), b::project);
                set(property("token-limit-field"), properties.getTokenLimitField(), b::tokenLimitField);
                yield build(b);
            }
            case AZURE_OPENAI -> {
                AzureOpenAiProvider.Builder b = AzureOpenAiProvider.builder();
                require("base-url", properties.getBaseUrl(), "the Azure OpenAI resource endpoint, for example"
                        + " https://my-resource.openai.azure.com");
                require("deployment", properties.getDeployment(), "the deployment to call");
                common(b, true, "AZURE_OPENAI_API_KEY");
                set(property("deployment"), properties.getDeployment(), b::deployment);
                set(property("api-version"), properties.getApiVersion(), b::apiVersion);
                set(property("token-limit-field"), properties.getTokenLimitField(), b::tokenLimitField);
                yield build(b);
            }
            case ANTHROPIC -> {
                AnthropicProvider.Builder b = common(AnthropicProvider.builder(), true, "ANTHROPIC_API_KEY");
                set(property("default-max-tokens"), properties.getDefaultMaxTokens(), b::defaultMaxTokens);
                yield build(b);
            }
            case GEMINI -> build(common(GeminiProvider.builder(), true, "GEMINI_API_KEY"));
            case OPENAI_COMPATIBLE -> {
                CompatibleServer preset = properties.getPreset() != null ? properties.getPreset()
                        : CompatibleServer.GENERIC;
                if (preset.defaultBaseUrl().isEmpty()) {
                    require("base-url", properties.getBaseUrl(), "the server's endpoint, for example"
                            + " http://localhost:8000/v1 (a generic OpenAI-compatible server has no default)");
                }
                OpenAiCompatibleProvider.Builder b = common(OpenAiCompatibleProvider.builder(preset),
                        preset.requiresApiKey(), preset.name() + "_API_KEY");
                set(property("token-limit-field"), properties.getTokenLimitField(), b::tokenLimitField);
                set(property("include-stream-usage"), properties.getIncludeStreamUsage(), b::includeStreamUsage);
                yield build(b);
            }
        };
    }

    /** The router's options for this provider; unset ones take the router's. */
    ProviderOptions options() {
        ProviderOptions.Builder b = ProviderOptions.custom();
        Provider p = properties;
        set(property("first-token-timeout"), p.getFirstTokenTimeout(), b::firstTokenTimeout);
        set(property("idle-timeout"), p.getIdleTimeout(), b::idleTimeout);
        set(property("attempt-timeout"), p.getAttemptTimeout(), b::attemptTimeout);
        set(property("concurrency-limit"), p.getConcurrencyLimit(), b::concurrencyLimit);
        adaptiveConcurrency().ifPresent(adaptive -> {
            if (p.getConcurrencyLimit() != null) {
                throw invalid(property("adaptive-concurrency.enabled"), "provider '" + name + "' has both "
                        + property("adaptive-concurrency.enabled") + "=true and " + property("concurrency-limit")
                        + ": set one of them (adaptive-concurrency.max-limit caps the adaptive limit)");
            }
            b.adaptiveConcurrency(adaptive);
        });
        set(property("weight"), p.getWeight(), b::weight);
        p.getAliases().forEach((alias, model) ->
                set(PropertyCheck.child(property("aliases"), alias), model, m -> b.alias(alias, m)));
        for (int i = 0; i < p.getModels().size(); i++) {
            set(property("models[" + i + "]"), p.getModels().get(i), m -> b.models(m));
        }
        p.getBudget().forEach((period, usd) -> set(property("budget." + period.tag()), usd,
                amount -> b.budget(amount, period)));
        return b.build();
    }

    /**
     * The adaptive limit, when {@code adaptive-concurrency.enabled} is true. A setting changed while it is off is
     * refused rather than ignored, since whoever wrote it expects a limit.
     */
    private Optional<AdaptiveConcurrency> adaptiveConcurrency() {
        String p = "adaptive-concurrency";
        Relay4jProperties.AdaptiveConcurrencyProperties a = properties.getAdaptiveConcurrency();
        AdaptiveConcurrency.Builder b = AdaptiveConcurrency.custom();
        int min = a.getMinLimit();
        int max = a.getMaxLimit();
        set(property(p + (min < 1 ? ".min-limit" : ".max-limit")), min + ".." + max, limits -> b.limits(min, max));
        set(property(p + ".initial-limit"), a.getInitialLimit(), b::initialLimit);
        set(property(p + ".backoff-ratio"), a.getBackoffRatio(), b::backoffRatio);
        set(property(p + ".latency-tolerance"), a.getLatencyTolerance(), b::latencyTolerance);
        set(property(p + ".rate-limit-headroom"), a.getRateLimitHeadroom(), b::rateLimitHeadroom);
        AdaptiveConcurrency adaptive;
        try {
            adaptive = b.build();
        } catch (RuntimeException e) {
            throw invalid(property(p + ".initial-limit"), e.getMessage());
        }
        if (a.isEnabled()) {
            return Optional.of(adaptive);
        }
        if (!adaptive.equals(AdaptiveConcurrency.ofDefaults())) {
            throw invalid(property(p + ".enabled"), "provider '" + name + "' sets adaptive-concurrency settings"
                    + " but not " + property(p + ".enabled") + "=true: set it to true to limit the provider"
                    + " adaptively, or remove the settings");
        }
        return Optional.empty();
    }

    private <B extends ProviderBuilder<B>> B common(B b, boolean keyRequired, String keyVariable) {
        Provider p = properties;
        b.name(name);
        apiKey(b, keyRequired, keyVariable);
        if (properties.getVendor() != Vendor.AZURE_OPENAI) {
            require("model", p.getModel(), "the model a request that names none is sent to");
        }
        set(property("model"), p.getModel(), b::model);
        set(property("base-url"), p.getBaseUrl(), b::baseUrl);
        set(property("connect-timeout"), p.getConnectTimeout(), b::connectTimeout);
        set(property("response-headers-timeout"), p.getResponseHeadersTimeout(), b::responseHeadersTimeout);
        p.getHeaders().forEach((header, value) -> setSecret(PropertyCheck.child(property("headers"), header), value,
                v -> b.extraHeader(header, v), "a header value without CR or LF, for a header name that is a valid"
                        + " token and not one the provider sets itself (Authorization, api-key, Content-Type, ...)"));
        set(property("max-connections"), p.getMaxConnections(), b::maxConnections);
        set(property("pending-acquire-max-count"), p.getPendingAcquireMaxCount(), b::pendingAcquireMaxCount);
        set(property("max-idle-time"), p.getMaxIdleTime(), b::maxIdleTime);
        set(property("max-life-time"), p.getMaxLifeTime(), b::maxLifeTime);
        set(property("evict-in-background"), p.getEvictInBackground(), b::evictInBackground);
        set(property("strict-streams"), p.getStrictStreams(), b::strictStreams);
        set(property("context-window-tokens"), p.getContextWindowTokens(), b::contextWindowTokens);
        set(property("capabilities"), p.getCapabilities(), b::capabilities);
        set(property("max-event-bytes"), p.getMaxEventBytes(), b::maxEventBytes);
        set(property("max-response-bytes"), p.getMaxResponseBytes(), b::maxResponseBytes);
        return b;
    }

    /**
     * A key left unresolved by Spring (the environment variable is not set, so the text is still {@code ${...}})
     * or blank is missing; it is an error where the vendor needs one, naming the provider. The key itself is never
     * shown: only a placeholder's text is, which names a variable, not a secret.
     */
    private void apiKey(ProviderBuilder<?> b, boolean required, String keyVariable) {
        String key = properties.getApiKey();
        String property = property("api-key");
        if (key != null && key.strip().startsWith("${")) {
            throw invalid(property, "provider '" + name + "' has no API key: the placeholder " + key.strip()
                    + " is not resolved; set that environment variable or property"
                    + (required ? "" : ", or write it with an empty default (${NAME:}) when the server needs no key"));
        }
        if (key == null || key.isBlank()) {
            if (required) {
                throw invalid(property, "provider '" + name + "' (" + vendorName() + ") needs an API key: set "
                        + property + ", for example to ${" + keyVariable + "}");
            }
            return;
        }
        setSecret(property, key, b::apiKey, "a non-blank API key");
    }

    private String vendorName() {
        return properties.getVendor().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private void require(String setting, String value, String what) {
        if (value == null || value.isBlank()) {
            throw invalid(property(setting), "provider '" + name + "' (" + vendorName() + ") needs " + what);
        }
    }

    private LlmProvider build(ProviderBuilder<?> builder) {
        try {
            return builder.build();
        } catch (RuntimeException e) {
            throw invalid(prefix, "provider '" + name + "' cannot be built: " + e.getMessage());
        }
    }

    /** Each vendor-specific setting, and the vendors that take it. */
    private Map<String, List<Vendor>> vendorSettings() {
        Map<String, List<Vendor>> settings = new LinkedHashMap<>();
        Provider p = properties;
        putIf(settings, p.getPreset() != null, "preset", List.of(Vendor.OPENAI_COMPATIBLE));
        putIf(settings, p.getDeployment() != null, "deployment", List.of(Vendor.AZURE_OPENAI));
        putIf(settings, p.getApiVersion() != null, "api-version", List.of(Vendor.AZURE_OPENAI));
        putIf(settings, p.getOrganization() != null, "organization", List.of(Vendor.OPENAI));
        putIf(settings, p.getProject() != null, "project", List.of(Vendor.OPENAI));
        putIf(settings, p.getDefaultMaxTokens() != null, "default-max-tokens", List.of(Vendor.ANTHROPIC));
        putIf(settings, p.getTokenLimitField() != null, "token-limit-field",
                List.of(Vendor.OPENAI, Vendor.AZURE_OPENAI, Vendor.OPENAI_COMPATIBLE));
        putIf(settings, p.getIncludeStreamUsage() != null, "include-stream-usage",
                List.of(Vendor.OPENAI_COMPATIBLE));
        return settings;
    }

    private static void putIf(Map<String, List<Vendor>> settings, boolean set, String name, List<Vendor> vendors) {
        if (set) {
            settings.put(name, vendors);
        }
    }

    private void refuseSettingsOtherVendorsTake(Vendor vendor) {
        vendorSettings().forEach((setting, vendors) -> {
            if (!vendors.contains(vendor)) {
                List<String> names = new ArrayList<>();
                vendors.forEach(v -> names.add(v.name().toLowerCase(Locale.ROOT).replace('_', '-')));
                throw invalid(property(setting), "applies to vendor " + String.join(" or ", names) + " only, and"
                        + " provider '" + name + "' is " + vendorName());
            }
        });
    }

    private List<String> connectionSettingsSet() {
        Provider p = properties;
        List<String> set = new ArrayList<>(vendorSettings().keySet());
        addIf(set, p.getApiKey() != null, "api-key");
        addIf(set, p.getModel() != null, "model");
        addIf(set, p.getBaseUrl() != null, "base-url");
        addIf(set, p.getConnectTimeout() != null, "connect-timeout");
        addIf(set, p.getResponseHeadersTimeout() != null, "response-headers-timeout");
        addIf(set, !p.getHeaders().isEmpty(), "headers");
        addIf(set, p.getMaxConnections() != null, "max-connections");
        addIf(set, p.getPendingAcquireMaxCount() != null, "pending-acquire-max-count");
        addIf(set, p.getMaxIdleTime() != null, "max-idle-time");
        addIf(set, p.getMaxLifeTime() != null, "max-life-time");
        addIf(set, p.getEvictInBackground() != null, "evict-in-background");
        addIf(set, p.getStrictStreams() != null, "strict-streams");
        addIf(set, p.getContextWindowTokens() != null, "context-window-tokens");
        addIf(set, p.getCapabilities() != null, "capabilities");
        addIf(set, p.getMaxEventBytes() != null, "max-event-bytes");
        addIf(set, p.getMaxResponseBytes() != null, "max-response-bytes");
        return set;
    }

    private static void addIf(List<String> settings, boolean set, String name) {
        if (set) {
            settings.add(name);
        }
    }
}
