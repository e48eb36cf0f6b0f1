package io.relay4j.providers.internal.http;

import io.relay4j.core.Capability;
import io.relay4j.providers.internal.ApiKey;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalInt;
import reactor.netty.resources.ConnectionProvider;

/**
 * A provider's validated transport settings, as {@link io.relay4j.providers.ProviderBuilder} produced
 * them. {@link #toString()} never shows the key.
 *
 * @param name                   the provider's name on the router
 * @param apiKey                 the key, where the vendor needs one
 * @param model                  the model used when a request names none
 * @param baseUrl                the vendor's base URL, without a trailing slash
 * @param timeouts               the transport deadlines: connect and response headers
 * @param extraHeaders           headers added to every call (never authentication headers)
 * @param sharedPool             a caller's connection pool, which the provider must not dispose
 * @param pool                   the settings of the pool the provider owns when no shared pool is given
 * @param strictStreams          whether one unparseable event fails a stream instead of being skipped
 * @param contextWindowTokens    the model's context window, where declared
 * @param maxEventBytes          the largest server-sent event accepted
 * @param maxResponseBytes       the largest non-streaming (or error) body accepted
 * @param capabilities           what the caller declared the provider can serve, replacing the vendor's default
 */
public record ProviderSettings(
        String name,
        Optional<ApiKey> apiKey,
        String model,
        URI baseUrl,
        Timeouts timeouts,
        Map<String, String> extraHeaders,
        Optional<ConnectionProvider> sharedPool,
        PoolSettings pool,
        boolean strictStreams,
        OptionalInt contextWindowTokens,
        int maxEventBytes,
        int maxResponseBytes,
        Optional<Set<Capability>> capabilities) {

    public ProviderSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(timeouts, "timeouts");
        extraHeaders = Map.copyOf(Objects.requireNonNull(extraHeaders, "extraHeaders"));
        Objects.requireNonNull(sharedPool, "sharedPool");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(contextWindowTokens, "contextWindowTokens");
        Objects.requireNonNull(capabilities, "capabilities");
    }

    /** The base URL joined with a protocol's path (which starts with {@code /}). */
    public String url(String pathAndQuery) {
        return baseUrl + pathAndQuery;
    }

    @Override
    public String toString() {
        return "ProviderSettings[name=" + name + ", model=" + model + ", baseUrl=" + baseUrl
                + ", apiKey=" + (apiKey.isPresent() ? "set" : "none") + ", timeouts=" + timeouts
                + ", extraHeaders=" + extraHeaders.keySet() + ", sharedPool=" + sharedPool.isPresent()
                + ", strictStreams=" + strictStreams + "]";
    }

    /**
     * The transport deadlines of a call; every other deadline is the router's.
     *
     * @param connect         TCP and TLS connection establishment
     * @param responseHeaders from the request sent to the status line and headers (for a whole answer, also
     *                        each read of its body)
     */
    public record Timeouts(Duration connect, Duration responseHeaders) {

        public Timeouts {
            Objects.requireNonNull(connect, "connect");
            Objects.requireNonNull(responseHeaders, "responseHeaders");
        }
    }

    /**
     * The settings of a pool the provider creates and owns.
     *
     * @param maxConnections         open connections at most
     * @param pendingAcquireMaxCount calls that may wait for a connection at most
     * @param maxIdleTime            an idle connection older than this is closed, not reused
     * @param maxLifeTime            a connection older than this is closed, not reused
     * @param evictInBackground      how often idle and old connections are swept (zero: only on acquire)
     */
    public record PoolSettings(int maxConnections, int pendingAcquireMaxCount, Duration maxIdleTime,
                               Duration maxLifeTime, Duration evictInBackground) {

        public PoolSettings {
            Objects.requireNonNull(maxIdleTime, "maxIdleTime");
            Objects.requireNonNull(maxLifeTime, "maxLifeTime");
            Objects.requireNonNull(evictInBackground, "evictInBackground");
        }
    }
}
