/**
 * Google's Gemini API ({@code generateContent} and {@code streamGenerateContent}):
 * {@link io.relay4j.providers.gemini.GeminiProvider}. The key travels in a header, never in the URL.
 */
package io.relay4j.providers.gemini;
