package io.relay4j.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.relay4j.core.Usage;

/**
 * Accumulates Anthropic's usage counters. Every counter Anthropic reports is a running total (including
 * {@code message_delta}'s), so a later value replaces an earlier one; a counter left out keeps its value.
 *
 * <p>Anthropic's {@code input_tokens} excludes the prompt tokens read from or written to its cache, so the
 * input is their sum; the cache reads are the cached part of it. Thinking is counted inside {@code output_tokens};
 * {@code output_tokens_details.thinking_tokens}, where present, is its share (the reasoning tokens).
 */
final class AnthropicUsage {

    private long input;
    private long output;
    private long cacheCreation;
    private long cacheRead;
    private long thinking;

    void update(JsonNode usage) {
        input = counter(usage, "input_tokens", input);
        output = counter(usage, "output_tokens", output);
        cacheCreation = counter(usage, "cache_creation_input_tokens", cacheCreation);
        cacheRead = counter(usage, "cache_read_input_tokens", cacheRead);
        thinking = counter(usage.path("output_tokens_details"), "thinking_tokens", thinking);
    }

    Usage toUsage() {
        return Usage.builder().inputTokens(input + cacheCreation + cacheRead).outputTokens(output)
                .cachedInputTokens(cacheRead).reasoningTokens(thinking).build();
    }

    private static long counter(JsonNode usage, String field, long current) {
        JsonNode value = usage.path(field);
        return value.canConvertToLong() && value.asLong() >= 0 ? value.asLong() : current;
    }
}
