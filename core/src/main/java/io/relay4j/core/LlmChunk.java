package io.relay4j.core;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One piece of a streamed answer: a text delta. The last chunk of a stream ({@link #isLast()}) carries
 * the finish reason and usage and, from the router, the provider, the attempts and the cost, so a
 * stream's consumer knows as much as a caller of {@code generate}. {@link #toString()} never shows text.
 *
 * @param text         the new text (may be empty, typically on the last chunk)
 * @param finishReason present on the last chunk only
 * @param usage        the stream's usage, on the last chunk
 * @param model        the model as the vendor reported it, on the last chunk
 * @param provider     the provider that served the stream, on the router's last chunk
 * @param attempts     every attempt made, on the router's last chunk
 * @param cost         the answer's cost, on the router's last chunk where known
 */
public record LlmChunk(
        String text,
        Optional<FinishReason> finishReason,
        Optional<Usage> usage,
        Optional<String> model,
        Optional<String> provider,
        List<Attempt> attempts,
        Optional<BigDecimal> cost) {

    public LlmChunk {
        Objects.requireNonNull(text, "text must not be null");
        Objects.requireNonNull(finishReason, "finishReason must not be null");
        Objects.requireNonNull(usage, "usage must not be null");
        Objects.requireNonNull(model, "model must not be null");
        Objects.requireNonNull(provider, "provider must not be null");
        Objects.requireNonNull(cost, "cost must not be null");
        attempts = List.copyOf(Objects.requireNonNull(attempts, "attempts must not be null"));
    }

    /** A text delta. */
    public static LlmChunk text(String text) {
        return new LlmChunk(text, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty());
    }

    /** A provider's last chunk: the vendor said the answer is finished. */
    public static LlmChunk last(String text, FinishReason reason, Usage usage, String model) {
        return new LlmChunk(text, Optional.of(reason), Optional.of(usage), Optional.of(model), Optional.empty(),
                List.of(), Optional.empty());
    }

    /** True on the stream's final chunk, which carries the finish reason. */
    public boolean isLast() {
        return finishReason.isPresent();
    }

    /** This last chunk as the router emits it: with the serving provider, the attempts and the cost. */
    public LlmChunk withRouting(String servingProvider, List<Attempt> allAttempts, Optional<BigDecimal> answerCost) {
        return new LlmChunk(text, finishReason, usage, model, Optional.of(servingProvider), allAttempts, answerCost);
    }

    @Override
    public String toString() {
        return "LlmChunk[chars=" + text.length() + finishReason.map(r -> ", finishReason=" + r).orElse("")
                + usage.map(u -> ", usage=" + u).orElse("") + provider.map(p -> ", provider=" + p).orElse("")
                + (attempts.isEmpty() ? "" : ", attempts=" + attempts.size()) + "]";
    }
}
