/**
 * What an application calls: {@link io.relay4j.core.LlmRouter}, which fronts several
 * {@link io.relay4j.core.LlmProvider}s and moves a request to the next one when a provider bans, throttles,
 * slows down or breaks; the request and answer types ({@link io.relay4j.core.LlmRequest},
 * {@link io.relay4j.core.Message}, {@link io.relay4j.core.LlmResponse}, {@link io.relay4j.core.LlmChunk}) and
 * the record of how an answer was obtained ({@link io.relay4j.core.Attempt}). These types will gain fields, so
 * they are built with factories and builders, never public constructors.
 *
 * <p>Policies that tune the router live in {@code io.relay4j.core.router}, the error taxonomy in
 * {@code io.relay4j.core.error}, events and listeners in {@code io.relay4j.core.event}. Packages named
 * {@code internal} are implementation and may change in any release.
 */
package io.relay4j.core;
