/**
 * OpenAI's Chat Completions API: {@link io.relay4j.providers.openai.OpenAiProvider}, with
 * {@link io.relay4j.providers.openai.TokenLimitField} to choose which field carries the output-token limit.
 */
package io.relay4j.providers.openai;
