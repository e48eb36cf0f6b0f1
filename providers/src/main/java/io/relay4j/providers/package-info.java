/**
 * Providers that speak each vendor's HTTP protocol directly over reactor-netty and Jackson (no vendor SDK,
 * no blocking client). Each vendor has its own package with a {@code builder()}; the settings every vendor
 * shares (name, key, model, base URL, transport deadlines, connection pool, extra headers) are on
 * {@link io.relay4j.providers.ProviderBuilder}. Keys never appear in {@code toString}, logs, exception
 * messages or metric tags.
 */
package io.relay4j.providers;
