/**
 * The policies that tune an {@link io.relay4j.core.LlmRouter}, one immutable configuration each: what each error
 * type does ({@link io.relay4j.core.router.ErrorPolicy}), retries, cooldowns and slow start, outlier ejection
 * ({@link io.relay4j.core.router.OutlierConfig}), deadlines, streaming (commit point
 * and resume), hedging and the routing strategy. Policies are values: build them once, share them across routers,
 * derive variants with {@code toBuilder()}. Every configuration has one shape: {@code Xxx.custom()...build()},
 * {@code Xxx.ofDefaults()}, {@code toBuilder()}, and setters that refuse a bad value at once.
 */
package io.relay4j.core.router;
