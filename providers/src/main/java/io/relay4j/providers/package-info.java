/**
 * Providers that speak each vendor's HTTP protocol directly over reactor-netty and Jackson (no vendor SDK,
 * no blocking client). Each vendor has its own package with a final provider class and its {@code builder()};
 * the settings every vendor shares (name, key, model, base URL, transport deadlines, connection pool, extra
 * headers) are on {@link io.relay4j.providers.ProviderBuilder}. Keys never appear in {@code toString}, logs,
 * exception messages or metric tags.
 *
 * <p>A new vendor implements {@link io.relay4j.core.LlmProvider} directly, following its contract (with
 * {@link io.relay4j.core.spi.ProviderCallObserver} for skipped events): the shared HTTP transport and wire
 * protocols are internal and may change, and {@code ProviderBuilder} is extended only by the vendor builders here.
 */
package io.relay4j.providers;
