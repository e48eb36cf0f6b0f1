/**
 * Servers that speak OpenAI's chat protocol (Ollama, vLLM, Groq, Mistral, DeepSeek, OpenRouter, Together):
 * {@link io.relay4j.providers.compatible.OpenAiCompatibleProvider}, with a
 * {@link io.relay4j.providers.compatible.CompatibleServer} preset for each known server.
 */
package io.relay4j.providers.compatible;
