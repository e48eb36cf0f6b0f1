/**
 * Anthropic's Messages API ({@code POST /v1/messages}), whole and streamed:
 * {@link io.relay4j.providers.anthropic.AnthropicProvider}. Errors, including {@code 529 overloaded_error},
 * are classified into the {@code io.relay4j.core.error} taxonomy.
 */
package io.relay4j.providers.anthropic;
