package io.relay4j.providers;

import io.relay4j.core.Capability;
import io.relay4j.core.LlmProvider;
import io.relay4j.providers.internal.ApiKey;
import io.relay4j.providers.internal.http.BuilderSettings;
import io.relay4j.providers.internal.http.ProviderSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import reactor.netty.resources.ConnectionProvider;

/**
 * The settings every HTTP provider shares: identity, endpoint, the two transport deadlines (connect and
 * response headers), extra headers, the connection pool and stream strictness. Each vendor's builder extends it and adds its own
 * settings. Setters refuse bad values at once; {@link #build()} checks what is missing and says which
 * method to call. Not thread-safe; {@link #toString()} never shows the API key.
 *
 * <p>Connection pool: either pass a {@link ConnectionProvider} with {@link #connectionProvider} (the
 * provider then never disposes it), or let the provider create and own one from
 * {@link #maxConnections}, {@link #pendingAcquireMaxCount}, {@link #maxIdleTime}, {@link #maxLifeTime}
 * and {@link #evictInBackground}; an owned pool is disposed by the provider's {@code close()}. The
 * idle and life limits keep a connection that the vendor's load balancer silently dropped from being
 * reused.
 *
 * <p>Deadlines: a provider owns only its transport deadlines. The first-token, idle, per-attempt and
 * per-request deadlines are the router's ({@code io.relay4j.core.router.TimeoutConfig}, overridable per
 * provider with {@code io.relay4j.core.router.ProviderOptions}), for {@code generate} and {@code stream}
 * alike.
 *
 * <p>Not for extension: the vendor builders of this module ({@code OpenAiProvider.Builder},
 * {@code AnthropicProvider.Builder}, {@code GeminiProvider.Builder}, {@code AzureOpenAiProvider.Builder},
 * {@code OpenAiCompatibleProvider.Builder}) are its only subclasses, and its constructor refuses any other, so
 * settings can be added here without breaking anyone. A new vendor implements {@link LlmProvider} directly.
 *
 * @param <B> the vendor's builder type, returned by every setter
 */
public abstract class ProviderBuilder<B extends ProviderBuilder<B>> {

    /** The only subclasses: a sealed class would say so, but sealing across packages needs a named module. */
    private static final Set<String> VENDOR_BUILDERS = Set.of(
            "io.relay4j.providers.openai.OpenAiProvider$Builder",
            "io.relay4j.providers.anthropic.AnthropicProvider$Builder",
            "io.relay4j.providers.gemini.GeminiProvider$Builder",
            "io.relay4j.providers.azure.AzureOpenAiProvider$Builder",
            "io.relay4j.providers.compatible.OpenAiCompatibleProvider$Builder");

    static {
        // the vendor builders' build() reads the validated settings through the internal package, so no public
        // or protected signature here names the internal settings type
        BuilderSettings.install(ProviderBuilder::validatedSettings);
    }

    /** Headers the client manages itself, or that authenticate: an extra header may not replace them. */
    private static final Set<String> RESERVED_HEADERS = Set.of("authorization", "api-key", "x-api-key",
            "x-goog-api-key", "proxy-authorization", "host", "content-type", "content-length",
            "transfer-encoding", "connection", "accept", "accept-encoding");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private String name;
    private ApiKey apiKey;
    private String model;
    private URI baseUrl;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration responseHeadersTimeout = Duration.ofMinutes(10);
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();
    private ConnectionProvider connectionProvider;
    private boolean ownedPoolConfigured;
    private int maxConnections = 500;
    private Integer pendingAcquireMaxCount;
    private Duration maxIdleTime = Duration.ofSeconds(30);
    private Duration maxLifeTime = Duration.ofMinutes(5);
    private Duration evictInBackground = Duration.ofSeconds(30);
    private boolean strictStreams;
    private Integer contextWindowTokens;
    private Set<Capability> capabilities;
    private int maxEventBytes = 1 << 20;
    private int maxResponseBytes = 8 << 20;

    /**
     * @param defaultBaseUrl the vendor's public endpoint, used unless {@link #baseUrl} is called
     * @throws UnsupportedOperationException when called by a class other than this module's vendor builders
     */
    protected ProviderBuilder(String defaultBaseUrl) {
        if (!VENDOR_BUILDERS.contains(getClass().getName())) {
            throw new UnsupportedOperationException(getClass().getName() + " cannot extend ProviderBuilder: "
                    + "only relay4j's vendor builders do; a new vendor implements LlmProvider directly");
        }
        this.baseUrl = defaultBaseUrl == null ? null : validUrl(defaultBaseUrl);
    }

    /** This builder, typed as the vendor's builder. */
    protected abstract B self();

    /** Validates the settings and creates the provider (vendor builders narrow the return type). */
    public abstract LlmProvider build();

    /** The vendor's display name for error messages ("OpenAI", "Azure OpenAI", ...). */
    protected abstract String vendorName();

    /** Whether the vendor refuses calls without a key; servers such as Ollama or vLLM need none. */
    protected boolean requiresApiKey() {
        return true;
    }

    /** The provider's unique name on the router (required). */
    public B name(String name) {
        Objects.requireNonNull(name, "name must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        this.name = name.strip();
        return self();
    }

    /** The vendor's API key; shown nowhere (not in toString, logs, metrics or exception messages). */
    public B apiKey(String apiKey) {
        this.apiKey = ApiKey.of(apiKey);
        return self();
    }

    /** The model used when a request names none (required). */
    public B model(String model) {
        Objects.requireNonNull(model, "model must not be null");
        if (model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        this.model = model.strip();
        return self();
    }

    /** Another endpoint: a proxy, a gateway, a local server or a simulator ({@code http} or {@code https}). */
    public B baseUrl(String baseUrl) {
        this.baseUrl = validUrl(Objects.requireNonNull(baseUrl, "baseUrl must not be null"));
        return self();
    }

    /** Deadline for the TCP and TLS connection (default 5 s); exceeded: {@code Timeout(CONNECT)}. */
    public B connectTimeout(Duration timeout) {
        this.connectTimeout = positive(timeout, "connectTimeout");
        return self();
    }

    /**
     * Deadline from sending to the response headers, and for a whole answer also the longest wait for each read
     * of its body (default 10 min); exceeded: {@code Timeout(RESPONSE_HEADERS)}. A transport guard for use
     * without a router: under a router its first-token deadline bounds the wait sooner. The default is long
     * on purpose: a whole answer's headers come only with the answer, so a short limit here would cut a
     * reasoning model's {@code generate} before the router's first-token deadline.
     */
    public B responseHeadersTimeout(Duration timeout) {
        this.responseHeadersTimeout = positive(timeout, "responseHeadersTimeout");
        return self();
    }

    /**
     * A header sent on every call (for example a gateway's routing header). Authentication and
     * framing headers ({@code Authorization}, {@code api-key}, {@code Content-Type}, ...) are refused:
     * they are the provider's to set.
     */
    public B extraHeader(String name, String value) {
        Objects.requireNonNull(name, "header name must not be null");
        Objects.requireNonNull(value, "header value must not be null");
        if (!HEADER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid HTTP header name");
        }
        if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("extraHeader cannot set '" + name
                    + "': the provider sets it itself (use apiKey(...) for authentication)");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("the value of header '" + name + "' must not contain CR or LF");
        }
        extraHeaders.put(name, value);
        return self();
    }

    /** Uses a caller's connection pool; the provider never disposes it. Excludes the owned-pool settings. */
    public B connectionProvider(ConnectionProvider provider) {
        this.connectionProvider = Objects.requireNonNull(provider, "connectionProvider must not be null");
        return self();
    }

    /** Owned pool: open connections at most (default 500). */
    public B maxConnections(int max) {
        this.maxConnections = atLeastOne(max, "maxConnections");
        ownedPoolConfigured = true;
        return self();
    }

    /** Owned pool: calls that may wait for a connection (default twice {@code maxConnections}). */
    public B pendingAcquireMaxCount(int max) {
        this.pendingAcquireMaxCount = atLeastOne(max, "pendingAcquireMaxCount");
        ownedPoolConfigured = true;
        return self();
    }

    /** Owned pool: an idle connection older than this is closed instead of reused (default 30 s). */
    public B maxIdleTime(Duration time) {
        this.maxIdleTime = positive(time, "maxIdleTime");
        ownedPoolConfigured = true;
        return self();
    }

    /** Owned pool: a connection older than this is closed instead of reused (default 5 min). */
    public B maxLifeTime(Duration time) {
        this.maxLifeTime = positive(time, "maxLifeTime");
        ownedPoolConfigured = true;
        return self();
    }

    /** Owned pool: how often expired connections are swept in the background (default 30 s; zero: never). */
    public B evictInBackground(Duration interval) {
        Objects.requireNonNull(interval, "evictInBackground must not be null");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("evictInBackground must not be negative, got " + interval);
        }
        this.evictInBackground = interval;
        ownedPoolConfigured = true;
        return self();
    }

    /**
     * Whether one unparseable event fails a stream with {@code MalformedResponse} (true) or is skipped
     * while the rest of the stream is healthy (false, the default).
     */
    public B strictStreams(boolean strict) {
        this.strictStreams = strict;
        return self();
    }

    /** The model's context window; the router skips this provider for a request that cannot fit. */
    public B contextWindowTokens(int tokens) {
        this.contextWindowTokens = atLeastOne(tokens, "contextWindowTokens");
        return self();
    }

    /**
     * What this provider can serve beyond text, replacing the vendor's (or preset's) default: declare less when the
     * model behind it cannot (a text-only model behind an OpenAI-compatible server), more when it can. The router
     * skips the provider for a request that needs something it does not declare.
     */
    public B capabilities(Set<Capability> capabilities) {
        Objects.requireNonNull(capabilities, "capabilities must not be null (use Set.of() for text only)");
        this.capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
        return self();
    }

    /** What this provider can serve beyond text; see {@link #capabilities(Set)}. */
    public B capabilities(Capability... capabilities) {
        return capabilities(capabilities.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(capabilities)));
    }

    /** The largest server-sent event accepted (default 1 MiB); larger: {@code MalformedResponse}. */
    public B maxEventBytes(int bytes) {
        this.maxEventBytes = atLeastOne(bytes, "maxEventBytes");
        return self();
    }

    /** The largest whole response body accepted (default 8 MiB); larger: {@code MalformedResponse}. */
    public B maxResponseBytes(int bytes) {
        this.maxResponseBytes = atLeastOne(bytes, "maxResponseBytes");
        return self();
    }

    /** The model set so far, for vendor builders that derive a default (for example from a deployment). */
    protected final Optional<String> configuredModel() {
        return Optional.ofNullable(model);
    }

    /** Whether {@link #baseUrl} or the vendor's default gave an endpoint. */
    protected final boolean hasBaseUrl() {
        return baseUrl != null;
    }

    /** Read through {@link BuilderSettings#of}: checks what is missing, naming the method to call. */
    private ProviderSettings validatedSettings() {
        if (name == null) {
            throw new IllegalStateException("the provider has no name: call name(\"...\") on the "
                    + vendorName() + " builder");
        }
        if (model == null) {
            throw new IllegalStateException("provider '" + name + "' has no model: call model(\"...\")");
        }
        if (apiKey == null && requiresApiKey()) {
            throw new IllegalStateException("provider '" + name + "' has no API key: call apiKey(...) ("
                    + vendorName() + " refuses calls without one)");
        }
        if (baseUrl == null) {
            throw new IllegalStateException("provider '" + name + "' has no endpoint: call baseUrl(\"https://...\")");
        }
        if (connectionProvider != null && ownedPoolConfigured) {
            throw new IllegalStateException("provider '" + name + "': use either connectionProvider(...) or the "
                    + "owned-pool settings (maxConnections, pendingAcquireMaxCount, maxIdleTime, maxLifeTime, "
                    + "evictInBackground), not both");
        }
        int pending = pendingAcquireMaxCount != null ? pendingAcquireMaxCount : 2 * maxConnections;
        return new ProviderSettings(name, Optional.ofNullable(apiKey), model, baseUrl,
                new ProviderSettings.Timeouts(connectTimeout, responseHeadersTimeout),
                extraHeaders, Optional.ofNullable(connectionProvider),
                new ProviderSettings.PoolSettings(maxConnections, pending, maxIdleTime, maxLifeTime, evictInBackground),
                strictStreams,
                contextWindowTokens == null ? OptionalInt.empty() : OptionalInt.of(contextWindowTokens),
                maxEventBytes, maxResponseBytes, Optional.ofNullable(capabilities));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[name=" + name + ", model=" + model + ", baseUrl=" + baseUrl
                + ", apiKey=" + (apiKey == null ? "none" : "set") + ", extraHeaders=" + extraHeaders.keySet() + "]";
    }

    private static URI validUrl(String url) {
        String trimmed = url.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("baseUrl '" + url + "' is not a valid URL: " + e.getReason(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("baseUrl '" + url + "' must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("baseUrl '" + url + "' has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("baseUrl must not carry credentials: use apiKey(...)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("baseUrl '" + url + "' must not have a query or fragment");
        }
        return uri;
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what + " must not be null");
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }

    private static int atLeastOne(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + value);
        }
        return value;
    }
}
