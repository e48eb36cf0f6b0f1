package io.relay4j.providers.internal.openai;

import io.relay4j.core.Reasoning;
import java.util.Optional;

/**
 * Maps the request's {@link Reasoning} to {@code reasoning_effort}, the one reasoning knob of Chat Completions.
 *
 * <ul>
 *   <li>OpenAI and Azure take OpenAI's levels: {@code MINIMAL→minimal}, {@code LOW→low}, {@code MEDIUM→medium},
 *       {@code HIGH→high}, {@code MAX→xhigh}, and {@link Reasoning#off()} is {@code none}.</li>
 *   <li>Compatible servers take the levels they share ({@code low|medium|high}): {@code MINIMAL} is sent as
 *       {@code low} and {@code MAX} as {@code high}; {@code off} sends nothing (servers that can turn reasoning off
 *       do it with their own field or model, which {@code providerFields} carries: DeepSeek's {@code thinking},
 *       Ollama's {@code reasoning_effort: "none"}).</li>
 *   <li>A token budget becomes the nearest level: below 4,096 tokens {@code LOW}, below 16,384 {@code MEDIUM},
 *       below 32,768 {@code HIGH}, else {@code MAX} (the bands of the budgets Gemini and Anthropic document for
 *       these levels).</li>
 * </ul>
 */
final class OpenAiReasoningEffort {

    private OpenAiReasoningEffort() {
    }

    /** The {@code reasoning_effort} to send, or empty to send none. */
    static Optional<String> of(Reasoning reasoning, OpenAiOptions.Family family) {
        boolean openAi = family == OpenAiOptions.Family.OPENAI;
        if (!reasoning.enabled()) {
            return openAi ? Optional.of("none") : Optional.empty();
        }
        Reasoning.Effort effort = reasoning.effortLevel().orElseGet(() -> nearest(reasoning.budget().orElse(0)));
        return Optional.of(switch (effort) {
            case MINIMAL -> openAi ? "minimal" : "low";
            case LOW -> "low";
            case MEDIUM -> "medium";
            case HIGH -> "high";
            case MAX -> openAi ? "xhigh" : "high";
        });
    }

    /** The effort level nearest a token budget. */
    static Reasoning.Effort nearest(int budgetTokens) {
        if (budgetTokens < 4_096) {
            return Reasoning.Effort.LOW;
        }
        if (budgetTokens < 16_384) {
            return Reasoning.Effort.MEDIUM;
        }
        return budgetTokens < 32_768 ? Reasoning.Effort.HIGH : Reasoning.Effort.MAX;
    }
}
